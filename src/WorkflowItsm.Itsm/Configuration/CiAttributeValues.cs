using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Configuration;

/// <summary>
/// Checks values given for a CI's attributes against the attributes' types and brings them to the stored form
/// (<see cref="CiAttributeValue"/>): errors are keyed <c>attributes.{key}</c> and name the attribute in words.
/// References are looked up in the database, all of one kind in one query.
/// </summary>
public sealed class CiAttributeValues(ItsmDbContext db, DirectoryGroups groups)
{
    /// <summary>The field an attribute's errors are keyed by in a 400.</summary>
    public static string FieldOf(string key) => "attributes." + key;

    /// <summary>
    /// The stored form of each given value (null clears it), or errors: unknown attribute for the class, wrong
    /// type, unknown option or reference, too long, a required attribute cleared or (for a new CI) missing.
    /// </summary>
    internal async Task<IReadOnlyDictionary<EffectiveAttribute, string?>> NormalizeAsync(
        IReadOnlyList<EffectiveAttribute> attributes, CiClass ciClass, IReadOnlyDictionary<string, string?>? given, bool isNew, FieldErrors errors,
        CancellationToken cancellationToken)
    {
        var values = NormalizeTypes(attributes, ciClass, given, isNew, errors);
        await CheckReferencesAsync([(values, errors)], cancellationToken);
        return values;
    }

    /// <summary>
    /// What <see cref="NormalizeAsync"/> checks without the database (types, options, lengths, required); the
    /// references are checked with <see cref="CheckReferencesAsync"/>, for many CIs at once in an import.
    /// </summary>
    internal static Dictionary<EffectiveAttribute, string?> NormalizeTypes(
        IReadOnlyList<EffectiveAttribute> attributes, CiClass ciClass, IReadOnlyDictionary<string, string?>? given, bool isNew, FieldErrors errors)
    {
        var values = new Dictionary<EffectiveAttribute, string?>();
        foreach (var (key, raw) in given ?? new Dictionary<string, string?>())
        {
            var attribute = attributes.FirstOrDefault(a => string.Equals(a.Key, key, StringComparison.OrdinalIgnoreCase));
            if (attribute is null)
            {
                errors.Add(FieldOf(key), $"{ciClass.Name} has no attribute '{key}'.");
                continue;
            }

            var text = RecordText.TrimmedOrNull(raw);
            if (text is null)
            {
                values[attribute] = null;
                continue;
            }

            if (Normalize(attribute, text) is { } error)
            {
                errors.Add(FieldOf(attribute.Key), error);
            }
            else
            {
                values[attribute] = Stored(attribute, text);
            }
        }

        foreach (var attribute in attributes.Where(a => a.Attribute.Required))
        {
            var cleared = values.TryGetValue(attribute, out var value) && value is null;
            if (cleared || (isNew && !values.ContainsKey(attribute)))
            {
                errors.Add(FieldOf(attribute.Key), $"{attribute.Attribute.Name} is required for a {ciClass.Name.ToLowerInvariant()}.");
            }
        }

        return values;
    }

    /// <summary>The error of a value of the attribute's type, or null when it is one.</summary>
    private static string? Normalize(EffectiveAttribute attribute, string text)
    {
        var name = attribute.Attribute.Name;
        if (text.Length > CiAttributeValue.ValueLength)
        {
            return $"{name} has at most {CiAttributeValue.ValueLength} characters (got {text.Length}).";
        }

        return attribute.Attribute.Type switch
        {
            CiAttributeType.Number when !decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out _) => $"{name} is a number (got '{text}').",
            CiAttributeType.Boolean when !bool.TryParse(text, out _) => $"{name} is true or false (got '{text}').",
            CiAttributeType.Date when !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) =>
                $"{name} is a date as yyyy-MM-dd (got '{text}').",
            CiAttributeType.Choice when !attribute.Options.Any(o => string.Equals(o.Key, text, StringComparison.OrdinalIgnoreCase)) =>
                $"{name} is one of {string.Join(", ", attribute.Options.Select(o => o.Key))} (got '{text}').",
            _ => null,
        };
    }

    private static string Stored(EffectiveAttribute attribute, string text) => attribute.Attribute.Type switch
    {
        CiAttributeType.Number => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture).ToString("G29", CultureInfo.InvariantCulture), // "64.0" and "64" are one value
        CiAttributeType.Boolean => bool.Parse(text) ? "true" : "false",
        CiAttributeType.Choice => attribute.Options.First(o => string.Equals(o.Key, text, StringComparison.OrdinalIgnoreCase)).Key,
        CiAttributeType.ConfigurationItem => text.ToUpperInvariant(),
        _ => text,
    };

    /// <summary>
    /// Checks the references of many CIs' values (each with its own errors): one query per kind of reference for
    /// them all, one look-up per distinct group.
    /// </summary>
    internal async Task CheckReferencesAsync(
        IReadOnlyList<(IReadOnlyDictionary<EffectiveAttribute, string?> Values, FieldErrors Errors)> items, CancellationToken cancellationToken)
    {
        var cis = items.SelectMany(i => Referenced(i.Values, CiAttributeType.ConfigurationItem)).Select(r => r.Value).Distinct().ToList();
        var foundCis = cis.Count == 0 ? [] : await db.ConfigurationItems.AsNoTracking().Where(c => cis.Contains(c.Number)).Select(c => c.Number).ToListAsync(cancellationToken);
        var people = items.SelectMany(i => Referenced(i.Values, CiAttributeType.Person)).Select(r => r.Value).Distinct().ToList();
        var foundPeople = people.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => people.Contains(u.UserName!)).Select(u => u.UserName!).ToListAsync(cancellationToken);
        var groupsFound = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var group in items.SelectMany(i => Referenced(i.Values, CiAttributeType.Group)).Select(r => r.Value).Distinct())
        {
            groupsFound[group] = await groups.ExistsAsync(group, cancellationToken);
        }

        foreach (var (values, errors) in items)
        {
            Missing(Referenced(values, CiAttributeType.ConfigurationItem), foundCis, errors, "configuration item");
            Missing(Referenced(values, CiAttributeType.Person), foundPeople, errors, "person");
            foreach (var (attribute, group) in Referenced(values, CiAttributeType.Group).Where(r => !groupsFound[r.Value]))
            {
                errors.Add(FieldOf(attribute.Key), $"{attribute.Attribute.Name}: there is no group '{group}'.");
            }
        }
    }

    private static List<(EffectiveAttribute Attribute, string Value)> Referenced(IReadOnlyDictionary<EffectiveAttribute, string?> values, CiAttributeType type) =>
        [.. values.Where(v => v.Key.Attribute.Type == type && v.Value is not null).Select(v => (v.Key, v.Value!))];

    private static void Missing(List<(EffectiveAttribute Attribute, string Value)> references, List<string> found, FieldErrors errors, string kind)
    {
        foreach (var (attribute, value) in references.Where(r => !found.Contains(r.Value, StringComparer.Ordinal)))
        {
            errors.Add(FieldOf(attribute.Key), $"{attribute.Attribute.Name}: there is no {kind} '{value}'.");
        }
    }
}
