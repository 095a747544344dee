using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Itsm.Configuration;

public sealed record CiFilter
{
    /// <summary>A class key; its subclasses' CIs are listed too.</summary>
    public string? Class { get; init; }

    /// <summary>Any of these states; all when none is given.</summary>
    public IReadOnlyList<CiState>? States { get; init; }

    public OperationalStatus? OperationalStatus { get; init; }

    /// <summary>A number, or a part of the name (any case).</summary>
    public string? Text { get; init; }

    /// <summary>Only the CIs with this health finding (stale, orphans, duplicates).</summary>
    public CiHealthFinding? Health { get; init; }
}

public sealed record CiListItem(
    string Number, string Name, string ClassKey, string ClassName, CiState State, BusinessCriticality BusinessCriticality,
    OperationalStatus OperationalStatus, DateTime UpdatedAt);

public sealed record CiView(
    string Number, string Name, string? Description, string ClassKey, string ClassName, CiState State, BusinessCriticality BusinessCriticality,
    OperationalStatus OperationalStatus, string? AssignmentGroup, string? AssignedTo, string OpenedBy, DateTime OpenedAt, DateTime UpdatedAt, int Revision);

/// <summary>An attribute of a CI with its value (null when none), the option's label for a choice, who wrote it and when, and the class it is inherited from.</summary>
public sealed record CiAttributeView(
    string Key, string Name, CiAttributeType Type, bool Required, string? Value, string? DisplayValue, string? Source, DateTime? WrittenAt,
    string? InheritedFrom);

/// <summary>A relation as read from one CI: "depends on CI0001002" (outgoing) or "used by CI0001001" (incoming).</summary>
public sealed record CiRelationView(
    long Id, bool Outgoing, string Type, string Words, string OtherNumber, string OtherName, string OtherClassName, string Source, string CreatedBy, DateTime CreatedAt);

public sealed record CiAuditView(string Field, string? OldValue, string? NewValue, string ChangedBy, DateTime ChangedAt, string? Source);

public sealed record CiDetails(
    CiView Ci, IReadOnlyList<CiAttributeView> Attributes, IReadOnlyList<CiRelationView> Relations, IReadOnlyList<CiState> AllowedTransitions,
    IReadOnlyList<CiAuditView> History);

public sealed record CiChoiceOptionView(string Key, string Label);

/// <summary>An attribute as a class has it; <see cref="InheritedFrom"/> names the ancestor that defines it (null: the class's own).</summary>
public sealed record CiAttributeDefinitionView(
    string Key, string Name, CiAttributeType Type, bool Required, string? InheritedFrom, string? InheritedFromName, IReadOnlyList<CiChoiceOptionView> Options);

public sealed record CiClassView(
    string Key, string Name, string? Description, string? Parent, int RefreshPeriodDays, IReadOnlyList<CiAttributeDefinitionView> Attributes,
    IReadOnlyList<CiClassView> Children);

public sealed record CiRelationTypeView(string Key, string Name, string ReverseName, RelationImpact Impact, bool IsMembership, IReadOnlyList<string> AllowedPairs);

/// <summary>Reads CIs, their classes and relation types for the API and pages; lists are filtered and paged in the database.</summary>
public sealed class CiQueries(ItsmDbContext db, CmdbHealth health)
{
    /// <summary>How many relations of one CI a record page shows (a switch may have thousands; the rest are in the impact views).</summary>
    public const int RelationLimit = 500;

    /// <exception cref="RecordValidationException">An unknown class.</exception>
    public async Task<Page<CiListItem>> ListAsync(CiFilter filter, int pageNumber, int pageSize, CancellationToken cancellationToken)
    {
        var model = await CiModel.LoadAsync(db, cancellationToken);
        var query = db.ConfigurationItems.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Class))
        {
            var ciClass = model.ClassByKey(filter.Class)
                ?? throw new RecordValidationException("filter", new Dictionary<string, string[]> { ["class"] = [$"There is no class '{filter.Class}'."] });
            var classes = model.SelfAndDescendants(ciClass.Id);
            query = query.Where(c => classes.Contains(c.ClassId));
        }

        if (filter.States is { Count: > 0 } states)
        {
            query = query.Where(c => states.Contains(c.State));
        }

        query = filter.OperationalStatus is { } status ? query.Where(c => c.OperationalStatus == status) : query;
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            var number = text.ToUpperInvariant();
            var lower = text.ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL LOWER(): no .NET culture is involved, and EF cannot translate the culture overloads
            query = query.Where(c => c.Number == number || c.ShortDescription.ToLower().Contains(lower));
#pragma warning restore CA1304, CA1311, CA1862
        }

        query = filter.Health is { } finding ? health.Filter(query, finding, model) : query;
        var page = await RecordPaging.PageAsync(query, query, db.ConfigurationItems.AsNoTracking(), cis => cis.OrderBy(c => c.ShortDescription).ThenBy(c => c.Id),
            c => new { c.Number, c.ShortDescription, c.ClassId, c.State, c.BusinessCriticality, c.OperationalStatus, c.UpdatedAt },
            pageNumber, pageSize, cancellationToken);
        return new Page<CiListItem>(
            [.. page.Items.Select(c => new CiListItem(c.Number, c.ShortDescription, model.ClassById(c.ClassId).Key, model.ClassById(c.ClassId).Name, c.State,
                c.BusinessCriticality, c.OperationalStatus, c.UpdatedAt))],
            page.Total, page.PageNumber, page.PageSize, page.TotalIsLowerBound);
    }

    public async Task<CiDetails?> GetAsync(string number, CancellationToken cancellationToken)
    {
        var key = number.Trim().ToUpperInvariant();
        var ci = await db.ConfigurationItems.AsNoTracking().FirstOrDefaultAsync(c => c.Number == key, cancellationToken);
        if (ci is null)
        {
            return null;
        }

        var model = await CiModel.LoadAsync(db, cancellationToken);
        var values = await db.CiAttributeValues.AsNoTracking().Where(v => v.CiId == ci.Id).ToDictionaryAsync(v => v.AttributeId, cancellationToken);
        var attributes = model.AttributesOf(ci.ClassId).Select(a =>
        {
            var value = values.GetValueOrDefault(a.Attribute.Id);
            var display = a.Attribute.Type == CiAttributeType.Choice ? a.Options.FirstOrDefault(o => o.Key == value?.Value)?.Label ?? value?.Value : value?.Value;
            return new CiAttributeView(a.Key, a.Attribute.Name, a.Attribute.Type, a.Attribute.Required, value?.Value, display, value?.Source, value?.WrittenAt,
                a.DefinedBy.Id == ci.ClassId ? null : a.DefinedBy.Name);
        }).ToList();

        var history = await db.RecordAudit.AsNoTracking().Where(a => a.RecordNumber == ci.Number)
            .OrderByDescending(a => a.ChangedAt).ThenByDescending(a => a.Id).Take(RecordTimeline.Limit)
            .Select(a => new CiAuditView(a.Field, a.OldValue, a.NewValue, a.ChangedBy, a.ChangedAt, a.Source))
            .ToListAsync(cancellationToken);
        return new CiDetails(ToView(ci, model), attributes, await RelationsAsync(ci.Id, model, cancellationToken), CiLifecycle.Table.AllowedFrom(ci.State), history);
    }

    /// <summary>The class tree from its roots, each class with its effective attributes (inherited ones say from where).</summary>
    public async Task<IReadOnlyList<CiClassView>> ClassTreeAsync(CancellationToken cancellationToken)
    {
        var model = await CiModel.LoadAsync(db, cancellationToken);
        return [.. model.Children(null).Select(c => ClassView(c, model))];
    }

    public async Task<IReadOnlyList<CiRelationTypeView>> RelationTypesAsync(CancellationToken cancellationToken)
    {
        var model = await CiModel.LoadAsync(db, cancellationToken);
        return [.. model.RelationTypes.Select(t => new CiRelationTypeView(t.Key, t.Name, t.ReverseName, t.Impact, t.IsMembership, model.RulesInWords(t)))];
    }

    public static CiView ToView(ConfigurationItem c, CiModel model)
    {
        var ciClass = model.ClassById(c.ClassId);
        return new CiView(c.Number, c.ShortDescription, c.Description, ciClass.Key, ciClass.Name, c.State, c.BusinessCriticality, c.OperationalStatus,
            c.AssignmentGroup, c.AssignedTo, c.OpenedBy, c.OpenedAt, c.UpdatedAt, c.Revision);
    }

    private static CiClassView ClassView(CiClass c, CiModel model) =>
        new(c.Key, c.Name, c.Description, c.ParentId is { } parent ? model.ClassById(parent).Key : null, c.RefreshPeriodDays,
            [.. model.AttributesOf(c.Id).Select(a => new CiAttributeDefinitionView(a.Key, a.Attribute.Name, a.Attribute.Type, a.Attribute.Required,
                a.DefinedBy.Id == c.Id ? null : a.DefinedBy.Key, a.DefinedBy.Id == c.Id ? null : a.DefinedBy.Name,
                [.. a.Options.Select(o => new CiChoiceOptionView(o.Key, o.Label))]))],
            [.. model.Children(c.Id).Select(child => ClassView(child, model))]);

    private async Task<IReadOnlyList<CiRelationView>> RelationsAsync(long id, CiModel model, CancellationToken cancellationToken)
    {
        var outgoing = await db.CiRelations.AsNoTracking().Where(r => r.SourceId == id)
            .Join(db.ConfigurationItems, r => r.TargetId, c => c.Id, (r, c) => new { r, c.Number, c.ShortDescription, c.ClassId })
            .OrderBy(x => x.r.TypeId).ThenBy(x => x.ShortDescription).Take(RelationLimit).ToListAsync(cancellationToken);
        var incoming = await db.CiRelations.AsNoTracking().Where(r => r.TargetId == id)
            .Join(db.ConfigurationItems, r => r.SourceId, c => c.Id, (r, c) => new { r, c.Number, c.ShortDescription, c.ClassId })
            .OrderBy(x => x.r.TypeId).ThenBy(x => x.ShortDescription).Take(RelationLimit).ToListAsync(cancellationToken);
        var types = model.RelationTypes.ToDictionary(t => t.Id);
        return
        [
            .. outgoing.Select(x => new CiRelationView(x.r.Id, true, types[x.r.TypeId].Key, types[x.r.TypeId].Name, x.Number, x.ShortDescription,
                model.ClassById(x.ClassId).Name, x.r.Source, x.r.CreatedBy, x.r.CreatedAt)),
            .. incoming.Select(x => new CiRelationView(x.r.Id, false, types[x.r.TypeId].Key, types[x.r.TypeId].ReverseName, x.Number, x.ShortDescription,
                model.ClassById(x.ClassId).Name, x.r.Source, x.r.CreatedBy, x.r.CreatedAt)),
        ];
    }
}
