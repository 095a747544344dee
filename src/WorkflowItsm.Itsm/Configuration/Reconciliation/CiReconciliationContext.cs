using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Configuration.Reconciliation;

/// <summary>An identification rule as a class has it: its own, or the nearest ancestor's (<see cref="DefinedBy"/>).</summary>
public sealed record EffectiveIdentificationRule(int Order, IReadOnlyList<string> Keys, CiClass? DefinedBy)
{
    public string InWords => string.Join(" + ", Keys);
}

/// <summary>
/// What reconciliation decides with, read once per import: the class model, every class's identification rules,
/// the data sources and their priorities per attribute. Small tables, read whole.
/// </summary>
public sealed class CiReconciliationContext
{
    /// <summary>A class with no rule in its whole lineage is identified by its name.</summary>
    private static readonly IReadOnlyList<string> ByName = [CiIdentificationRule.NameKey];

    private readonly ILookup<int, CiIdentificationRule> rulesByClass;
    private readonly Dictionary<string, CiDataSource> sources;
    private readonly ILookup<int, CiSourcePriority> priorities;

    private CiReconciliationContext(CiModel model, IReadOnlyList<CiIdentificationRule> rules, IReadOnlyList<CiDataSource> sources, IReadOnlyList<CiSourcePriority> priorities)
    {
        Model = model;
        rulesByClass = rules.OrderBy(r => r.Order).ToLookup(r => r.ClassId);
        this.sources = sources.ToDictionary(s => s.Key, StringComparer.OrdinalIgnoreCase);
        this.priorities = priorities.ToLookup(p => p.SourceId);
    }

    public CiModel Model { get; }

    public IEnumerable<CiDataSource> Sources => sources.Values.OrderByDescending(s => s.DefaultPriority);

    public static async Task<CiReconciliationContext> LoadAsync(ItsmDbContext db, CancellationToken cancellationToken) =>
        new(await CiModel.LoadAsync(db, cancellationToken),
            await db.CiIdentificationRules.AsNoTracking().ToListAsync(cancellationToken),
            await db.CiDataSources.AsNoTracking().ToListAsync(cancellationToken),
            await db.CiSourcePriorities.AsNoTracking().ToListAsync(cancellationToken));

    public CiDataSource? SourceByKey(string? key) => key is null ? null : sources.GetValueOrDefault(key.Trim());

    /// <summary>The rules of the class: its own when it has any, else its nearest ancestor's (own rules replace inherited ones).</summary>
    public IReadOnlyList<EffectiveIdentificationRule> RulesOf(int classId)
    {
        foreach (var ciClass in Model.Lineage(classId))
        {
            var own = rulesByClass[ciClass.Id].ToList();
            if (own.Count > 0)
            {
                return [.. own.Select(r => new EffectiveIdentificationRule(r.Order, r.KeyList, ciClass))];
            }
        }

        return [new EffectiveIdentificationRule(1, ByName, null)];
    }

    /// <summary>The priority a source has for an attribute, and its name; a source nobody configured (an old value's) ranks 0.</summary>
    public (int Priority, string Name) PriorityOf(string sourceKey, string attributeKey)
    {
        if (SourceByKey(sourceKey) is not { } source)
        {
            return (0, sourceKey);
        }

        var own = priorities[source.Id].FirstOrDefault(p => string.Equals(p.AttributeKey, attributeKey, StringComparison.OrdinalIgnoreCase));
        return (own?.Priority ?? source.DefaultPriority, source.Name);
    }
}
