using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Configuration;

/// <summary>An attribute as a class has it: its own or inherited from the ancestor named by <see cref="DefinedBy"/>.</summary>
public sealed record EffectiveAttribute(CiAttribute Attribute, CiClass DefinedBy, IReadOnlyList<CiChoiceOption> Options)
{
    public string Key => Attribute.Key;
}

/// <summary>
/// The CMDB's class model read at once: classes with their ancestry, attributes with their options, relation
/// types and their class-pair rules. A few hundred rows at most, so a use case reads it whole (three queries)
/// instead of walking the tree in the database.
/// </summary>
public sealed class CiModel
{
    private readonly Dictionary<int, CiClass> classesById;
    private readonly ILookup<int, CiAttribute> attributesByClass;
    private readonly ILookup<int, CiChoiceOption> optionsByAttribute;
    private readonly ILookup<int, CiRelationRule> rulesByType;

    private CiModel(IReadOnlyList<CiClass> classes, IReadOnlyList<CiAttribute> attributes, IReadOnlyList<CiChoiceOption> options,
        IReadOnlyList<CiRelationType> relationTypes, IReadOnlyList<CiRelationRule> rules)
    {
        Classes = classes;
        classesById = classes.ToDictionary(c => c.Id);
        attributesByClass = attributes.OrderBy(a => a.Order).ThenBy(a => a.Id).ToLookup(a => a.ClassId);
        optionsByAttribute = options.OrderBy(o => o.Order).ThenBy(o => o.Id).ToLookup(o => o.AttributeId);
        RelationTypes = relationTypes;
        rulesByType = rules.ToLookup(r => r.TypeId);
    }

    public IReadOnlyList<CiClass> Classes { get; }

    public IReadOnlyList<CiRelationType> RelationTypes { get; }

    public static async Task<CiModel> LoadAsync(ItsmDbContext db, CancellationToken cancellationToken) =>
        new(await db.CiClasses.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken),
            await db.CiAttributes.AsNoTracking().ToListAsync(cancellationToken),
            await db.CiChoiceOptions.AsNoTracking().ToListAsync(cancellationToken),
            await db.CiRelationTypes.AsNoTracking().OrderBy(t => t.Id < 0 ? -t.Id : int.MaxValue).ThenBy(t => t.Id).ToListAsync(cancellationToken),
            await db.CiRelationRules.AsNoTracking().ToListAsync(cancellationToken));

    public CiClass? ClassByKey(string? key) => key is null ? null : Classes.FirstOrDefault(c => string.Equals(c.Key, key.Trim(), StringComparison.OrdinalIgnoreCase));

    public CiClass ClassById(int id) => classesById[id];

    public CiRelationType? RelationTypeByKey(string? key) =>
        key is null ? null : RelationTypes.FirstOrDefault(t => string.Equals(t.Key, key.Trim(), StringComparison.OrdinalIgnoreCase));

    public IEnumerable<CiClass> Children(int? parentId) => Classes.Where(c => c.ParentId == parentId);

    /// <summary>The class and its ancestors, the class first.</summary>
    public IEnumerable<CiClass> Lineage(int classId)
    {
        for (CiClass? at = classesById[classId]; at is not null; at = at.ParentId is { } parent ? classesById[parent] : null)
        {
            yield return at;
        }
    }

    /// <summary>The class and all its descendants' ids (a list filtered by "server" shows virtual machines too).</summary>
    public IReadOnlyList<int> SelfAndDescendants(int classId)
    {
        var ids = new List<int> { classId };
        for (var i = 0; i < ids.Count; i++)
        {
            ids.AddRange(Classes.Where(c => c.ParentId == ids[i]).Select(c => c.Id));
        }

        return ids;
    }

    public bool IsA(int classId, int? ancestorId) => ancestorId is null || Lineage(classId).Any(c => c.Id == ancestorId);

    /// <summary>The class's attributes, inherited first (from the root down), then its own.</summary>
    public IReadOnlyList<EffectiveAttribute> AttributesOf(int classId) =>
    [
        .. Lineage(classId).Reverse().SelectMany(c => attributesByClass[c.Id].Select(a => new EffectiveAttribute(a, c, [.. optionsByAttribute[a.Id]]))),
    ];

    /// <summary>Whether some rule of the type allows a relation from a CI of the source class to one of the target class.</summary>
    public bool Allows(CiRelationType type, int sourceClassId, int targetClassId) =>
        rulesByType[type.Id].Any(r => IsA(sourceClassId, r.SourceClassId) && IsA(targetClassId, r.TargetClassId));

    /// <summary>The rules of a type in words ("Server → Network device"), for messages and the classes page.</summary>
    public IReadOnlyList<string> RulesInWords(CiRelationType type) =>
        [.. rulesByType[type.Id].Select(r => $"{NameOf(r.SourceClassId)} → {NameOf(r.TargetClassId)}")];

    private string NameOf(int? classId) => classId is { } id ? classesById[id].Name : "any class";
}
