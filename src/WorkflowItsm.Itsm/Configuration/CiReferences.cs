using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Configuration;

/// <summary>A CI as a lookup offers it: stored by number, shown by name with its class.</summary>
public sealed record CiOption(string Number, string Name, string ClassKey, string ClassName);

/// <summary>A CI a name was matched to.</summary>
public sealed record CiMatch(string Number, string Name, BusinessCriticality BusinessCriticality);

/// <summary>
/// How other records name CIs: a record's service is the number of a business service (that class or a subclass), its
/// configuration item the number of any CI. Finds CIs for the lookups, checks the numbers a record is given, gives
/// pages their names, and matches the names records from before the CMDB used: a service by its loose name (any
/// case, spaces and punctuation aside: "wifi" is the "Wi-Fi" service), a CI by its name in any case.
/// </summary>
public sealed class CiReferences(ItsmDbContext db)
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 50;

    /// <summary>CIs (not retired) whose number is <paramref name="text"/> or whose name contains it, names starting with it first; only of <paramref name="classKey"/> and its subclasses when given.</summary>
    /// <exception cref="RecordValidationException">An unknown class.</exception>
    public async Task<IReadOnlyList<CiOption>> FindAsync(string? text, string? classKey, int limit, CancellationToken cancellationToken)
    {
        var model = await CiModel.LoadAsync(db, cancellationToken);
        var query = db.ConfigurationItems.AsNoTracking().Where(c => c.State != CiState.Retired);
        if (!string.IsNullOrWhiteSpace(classKey))
        {
            var ciClass = model.ClassByKey(classKey)
                ?? throw new RecordValidationException("lookup", new Dictionary<string, string[]> { ["class"] = [$"There is no class '{classKey.Trim()}'."] });
            var classes = model.SelfAndDescendants(ciClass.Id);
            query = query.Where(c => classes.Contains(c.ClassId));
        }

        var needle = RecordText.TrimmedOrNull(text)?.ToLowerInvariant() ?? "";
        var number = needle.ToUpperInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL LOWER(): no .NET culture is involved, and EF cannot translate the culture overloads
        if (needle.Length > 0)
        {
            query = query.Where(c => c.Number == number || c.ShortDescription.ToLower().Contains(needle));
        }

        var found = await query
            .OrderByDescending(c => needle.Length > 0 && (c.Number == number || c.ShortDescription.ToLower().StartsWith(needle)))
            .ThenBy(c => c.ShortDescription).ThenBy(c => c.Id)
            .Take(Math.Clamp(limit, 1, MaxLimit))
            .Select(c => new { c.Number, c.ShortDescription, c.ClassId })
            .ToListAsync(cancellationToken);
#pragma warning restore CA1304, CA1311, CA1862
        return [.. found.Select(c => new CiOption(c.Number, c.ShortDescription, model.ClassById(c.ClassId).Key, model.ClassById(c.ClassId).Name))];
    }

    /// <summary>The CI with this number as an option, or null.</summary>
    public async Task<CiOption?> OptionAsync(string? number, CancellationToken cancellationToken)
    {
        if (RecordText.TrimmedOrNull(number)?.ToUpperInvariant() is not { } key)
        {
            return null;
        }

        var found = await db.ConfigurationItems.AsNoTracking().Where(c => c.Number == key).Select(c => new { c.Number, c.ShortDescription, c.ClassId })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        var model = await CiModel.LoadAsync(db, cancellationToken);
        return new CiOption(found.Number, found.ShortDescription, model.ClassById(found.ClassId).Key, model.ClassById(found.ClassId).Name);
    }

    /// <summary>The names of the CIs with these numbers (one query); a number that is no CI's is left out.</summary>
    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(IEnumerable<string?> numbers, CancellationToken cancellationToken)
    {
        var keys = numbers.OfType<string>().Select(n => n.Trim().ToUpperInvariant()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return keys.Count == 0 ? new Dictionary<string, string>(StringComparer.Ordinal)
            : await db.ConfigurationItems.AsNoTracking().Where(c => keys.Contains(c.Number)).ToDictionaryAsync(c => c.Number, c => c.ShortDescription, StringComparer.Ordinal, cancellationToken);
    }

    /// <summary>
    /// A record's service must be the number of a business service, its configuration item the number of a CI (an
    /// empty text clears them, null leaves them: neither is checked). One query for both.
    /// </summary>
    internal async Task ValidateAsync(FieldErrors errors, string? service, string? configurationItem, CancellationToken cancellationToken,
        string serviceField = "service", string configurationItemField = "configurationItem")
    {
        var serviceNumber = RecordText.TrimmedOrNull(service)?.ToUpperInvariant();
        var itemNumber = RecordText.TrimmedOrNull(configurationItem)?.ToUpperInvariant();
        string[] numbers = [.. new[] { serviceNumber, itemNumber }.OfType<string>()];
        if (numbers.Length == 0)
        {
            return;
        }

        var found = await db.ConfigurationItems.AsNoTracking().Where(c => numbers.Contains(c.Number))
            .ToDictionaryAsync(c => c.Number, c => c.ClassId, StringComparer.Ordinal, cancellationToken);
        if (serviceNumber is not null)
        {
            if (!found.TryGetValue(serviceNumber, out var classId))
            {
                errors.Add(serviceField, $"There is no business service '{service!.Trim()}' (give a business service's CI number).");
            }
            else
            {
                var model = await CiModel.LoadAsync(db, cancellationToken);
                if (!model.IsA(classId, model.ClassByKey(CmdbSeed.BusinessService)?.Id ?? -1))
                {
                    errors.Add(serviceField, $"{serviceNumber} is a {model.ClassById(classId).Name.ToLowerInvariant()}, not a business service.");
                }
            }
        }

        if (itemNumber is not null && !found.ContainsKey(itemNumber))
        {
            errors.Add(configurationItemField, $"There is no configuration item '{configurationItem!.Trim()}' (give a CI number).");
        }
    }

    /// <summary>Why <paramref name="number"/> cannot be a service (no CI has it, or its CI is no business service); null when it can, or is empty.</summary>
    public async Task<string?> BusinessServiceProblemAsync(string? number, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        await ValidateAsync(errors, number, null, cancellationToken);
        return errors.Any ? string.Join(" ", errors.Of("service")) : null;
    }

    /// <summary>The business services (not retired) named by these texts: by number, or by loose name. Business services are tens to hundreds of rows: matched here, not in SQL.</summary>
    public async Task<IReadOnlyDictionary<string, CiMatch>> MatchServicesAsync(IEnumerable<string> texts, CancellationToken cancellationToken)
    {
        var wanted = texts.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal).ToList();
        var matches = new Dictionary<string, CiMatch>(StringComparer.Ordinal);
        var model = await CiModel.LoadAsync(db, cancellationToken);
        if (wanted.Count == 0 || model.ClassByKey(CmdbSeed.BusinessService) is not { } businessService)
        {
            return matches;
        }

        var classes = model.SelfAndDescendants(businessService.Id);
        var services = await db.ConfigurationItems.AsNoTracking().Where(c => classes.Contains(c.ClassId) && c.State != CiState.Retired)
            .OrderBy(c => c.Id).Select(c => new CiMatch(c.Number, c.ShortDescription, c.BusinessCriticality)).ToListAsync(cancellationToken);
        foreach (var text in wanted)
        {
            var number = text.Trim().ToUpperInvariant();
            var loose = Loose(text);
            if ((services.FirstOrDefault(s => s.Number == number) ?? services.FirstOrDefault(s => Loose(s.Name) == loose)) is { } match)
            {
                matches[text] = match;
            }
        }

        return matches;
    }

    /// <summary>The CIs named by these texts: by number, or by name in any case (one query for the lot; a number wins over a name).</summary>
    public async Task<IReadOnlyDictionary<string, CiMatch>> MatchItemsAsync(IEnumerable<string> texts, CancellationToken cancellationToken)
    {
        var wanted = texts.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal).ToList();
        var matches = new Dictionary<string, CiMatch>(StringComparer.Ordinal);
        if (wanted.Count == 0)
        {
            return matches;
        }

        var numbers = wanted.Select(t => t.Trim().ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToList();
        var lowers = wanted.Select(t => t.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL LOWER(): no .NET culture is involved, and EF cannot translate the culture overloads
        var found = await db.ConfigurationItems.AsNoTracking().Where(c => numbers.Contains(c.Number) || lowers.Contains(c.ShortDescription.ToLower()))
            .OrderBy(c => c.State == CiState.Retired ? 1 : 0).ThenBy(c => c.Id)
            .Select(c => new CiMatch(c.Number, c.ShortDescription, c.BusinessCriticality)).ToListAsync(cancellationToken);
#pragma warning restore CA1304, CA1311, CA1862
        foreach (var text in wanted)
        {
            var number = text.Trim().ToUpperInvariant();
            var name = text.Trim();
            if ((found.FirstOrDefault(c => c.Number == number) ?? found.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))) is { } match)
            {
                matches[text] = match;
            }
        }

        return matches;
    }

    // "Wi-Fi" and "wifi", "E-mail" and "email" name the same service.
    private static string Loose(string name) => string.Concat(name.Where(char.IsLetterOrDigit)).ToUpperInvariant();
}
