using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Configuration.Reconciliation;

public sealed record CiDataSourceView(string Key, string Name, int DefaultPriority, bool ClearsValues, IReadOnlyDictionary<string, int> AttributePriorities);

/// <summary>A source as an admin sets it: name, default priority, whether its empty values clear, priorities per attribute key (the whole list).</summary>
public sealed record CiDataSourceInput(string? Name, int? DefaultPriority, bool? ClearsValues = null, IReadOnlyDictionary<string, int>? AttributePriorities = null);

/// <summary>Admins list and define data sources and their priorities (higher wins).</summary>
public sealed partial class CiDataSources(ItsmDbContext db)
{
    public const int MaxPriority = 1000;

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial System.Text.RegularExpressions.Regex KeyPattern();

    public async Task<IReadOnlyList<CiDataSourceView>> ListAsync(CancellationToken cancellationToken)
    {
        var sources = await db.CiDataSources.AsNoTracking().OrderByDescending(s => s.DefaultPriority).ThenBy(s => s.Key).ToListAsync(cancellationToken);
        var priorities = (await db.CiSourcePriorities.AsNoTracking().ToListAsync(cancellationToken)).ToLookup(p => p.SourceId);
        return [.. sources.Select(s => new CiDataSourceView(s.Key, s.Name, s.DefaultPriority, s.ClearsValues,
            priorities[s.Id].OrderBy(p => p.AttributeKey).ToDictionary(p => p.AttributeKey, p => p.Priority)))];
    }

    /// <summary>Creates the source or replaces its settings.</summary>
    /// <exception cref="RecordValidationException"/>
    public async Task<CiDataSourceView> SaveAsync(string key, CiDataSourceInput input, CancellationToken cancellationToken)
    {
        var wanted = key.Trim().ToLowerInvariant();
        var errors = new FieldErrors();
        if (!KeyPattern().IsMatch(wanted) || wanted.Length > RecordAuditEntry.SourceLength)
        {
            errors.Add("key", $"Key is lower-case letters, digits and '-', starting with a letter, at most {RecordAuditEntry.SourceLength} characters.");
        }

        errors.Length("name", input.Name, Record.NameLength, required: true);
        Priority("defaultPriority", input.DefaultPriority ?? -1, errors);
        foreach (var (attribute, priority) in input.AttributePriorities ?? new Dictionary<string, int>())
        {
            errors.Length($"attributePriorities.{attribute}", attribute, CiAttribute.KeyLength, required: true);
            Priority($"attributePriorities.{attribute}", priority, errors);
        }

        errors.ThrowIfAny("data source");
        var source = await db.CiDataSources.FirstOrDefaultAsync(s => s.Key == wanted, cancellationToken);
        if (source is null)
        {
            source = new CiDataSource { Key = wanted, Name = input.Name!.Trim() };
            db.CiDataSources.Add(source);
        }

        source.Name = input.Name!.Trim();
        source.DefaultPriority = input.DefaultPriority!.Value;
        source.ClearsValues = input.ClearsValues ?? source.ClearsValues;
        await db.SaveChangesAsync(cancellationToken);
        if (input.AttributePriorities is { } priorities)
        {
            await db.CiSourcePriorities.Where(p => p.SourceId == source.Id).ExecuteDeleteAsync(cancellationToken);
            db.CiSourcePriorities.AddRange(priorities.Select(p => new CiSourcePriority { SourceId = source.Id, AttributeKey = p.Key.Trim(), Priority = p.Value }));
            await db.SaveChangesAsync(cancellationToken);
        }

        return (await ListAsync(cancellationToken)).Single(s => s.Key == wanted);
    }

    private static void Priority(string field, int priority, FieldErrors errors)
    {
        if (priority is < 0 or > MaxPriority)
        {
            errors.Add(field, $"A priority is 0 to {MaxPriority} (higher wins).");
        }
    }
}
