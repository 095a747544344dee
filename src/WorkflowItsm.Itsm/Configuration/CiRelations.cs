using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Configuration;

/// <summary>A relation asked for: source CI, relation type key, target CI ("CI0001002 member-of CI0001001").</summary>
public sealed record NewCiRelation(string? Source, string? Type, string? Target, string? DataSource = null);

/// <summary>
/// Relates CIs: the type must exist, both CIs too, and a rule of the type must allow the pair of classes (a rule
/// for a class holds for its subclasses). Each relation is audited on both CIs as "{type}: {other CI}".
/// </summary>
public sealed class CiRelations(ItsmDbContext db, RecordHistory history)
{
    public const string Kind = "relation";

    /// <exception cref="RecordValidationException">Unknown type or CI, a pair the type does not allow, itself, or the same relation again; nothing was saved.</exception>
    public async Task<CiRelation> AddAsync(NewCiRelation input, string by, CancellationToken cancellationToken)
    {
        var model = await CiModel.LoadAsync(db, cancellationToken);
        var errors = new FieldErrors();
        var type = model.RelationTypeByKey(input.Type);
        if (type is null)
        {
            errors.Add("type", string.IsNullOrWhiteSpace(input.Type)
                ? "Type is required."
                : $"There is no relation type '{input.Type}'; known: {string.Join(", ", model.RelationTypes.Select(t => t.Key))}.");
        }

        var source = await FindAsync(input.Source, "source", errors, cancellationToken);
        var target = await FindAsync(input.Target, "target", errors, cancellationToken);
        var dataSource = RecordText.TrimmedOrNull(input.DataSource) ?? CiAttributeValue.ManualSource;
        errors.Length("dataSource", dataSource, RecordAuditEntry.SourceLength);
        if (type is not null && source is not null && target is not null)
        {
            if (source.Id == target.Id)
            {
                errors.Add("target", "A CI cannot be related to itself.");
            }
            else if (!model.Allows(type, source.ClassId, target.ClassId))
            {
                errors.Add("type", $"A {model.ClassById(source.ClassId).Name.ToLowerInvariant()} cannot be '{type.Name}' a {model.ClassById(target.ClassId).Name.ToLowerInvariant()}; "
                    + $"'{type.Name}' is allowed for: {string.Join("; ", model.RulesInWords(type))}.");
            }
            else if (await db.CiRelations.AnyAsync(r => r.SourceId == source.Id && r.TypeId == type.Id && r.TargetId == target.Id, cancellationToken))
            {
                errors.Add("target", $"{source.Number} already {type.Name} {target.Number}.");
            }
        }

        errors.ThrowIfAny(Kind);

        var now = history.Now;
        var relation = new CiRelation { SourceId = source!.Id, TypeId = type!.Id, TargetId = target!.Id, CreatedBy = by, Source = dataSource, CreatedAt = now };
        db.CiRelations.Add(relation);
        history.Audit(source, type.Key, null, target.Number, by, now, dataSource);
        history.Audit(target, type.Key + ".reverse", null, source.Number, by, now, dataSource);
        await db.SaveChangesAsync(cancellationToken);
        return relation;
    }

    /// <exception cref="RecordNotFoundException">No such relation.</exception>
    public async Task RemoveAsync(long id, string by, CancellationToken cancellationToken)
    {
        var relation = await db.CiRelations.FirstOrDefaultAsync(r => r.Id == id, cancellationToken) ?? throw new RecordNotFoundException($"No relation {id}.");
        var type = await db.CiRelationTypes.AsNoTracking().FirstAsync(t => t.Id == relation.TypeId, cancellationToken);
        var ends = await db.ConfigurationItems.Where(c => c.Id == relation.SourceId || c.Id == relation.TargetId).ToListAsync(cancellationToken);
        var source = ends.First(c => c.Id == relation.SourceId);
        var target = ends.First(c => c.Id == relation.TargetId);
        var now = history.Now;
        db.CiRelations.Remove(relation);
        history.Audit(source, type.Key, target.Number, null, by, now);
        history.Audit(target, type.Key + ".reverse", source.Number, null, by, now);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<ConfigurationItem?> FindAsync(string? number, string field, FieldErrors errors, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(number))
        {
            errors.Add(field, $"{FieldErrors.Label(field)} is required (a CI's number).");
            return null;
        }

        var trimmed = number.Trim().ToUpperInvariant();
        var ci = await db.ConfigurationItems.FirstOrDefaultAsync(c => c.Number == trimmed, cancellationToken);
        if (ci is null)
        {
            errors.Add(field, $"There is no configuration item '{number.Trim()}'.");
        }

        return ci;
    }
}
