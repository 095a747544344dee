using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Configuration;

/// <summary>What is asked for a new CI; <see cref="Source"/> is the data source writing it (default "manual").</summary>
public sealed record NewConfigurationItem
{
    public string? Name { get; init; }
    public string? Class { get; init; }
    public string? Description { get; init; }
    public CiState? State { get; init; }
    public BusinessCriticality? BusinessCriticality { get; init; }
    public OperationalStatus? OperationalStatus { get; init; }
    public string? AssignmentGroup { get; init; }
    public string? AssignedTo { get; init; }
    public string? Source { get; init; }

    /// <summary>Attribute values by key, as text (numbers with a dot, dates yyyy-MM-dd, a choice's key, a CI's number...).</summary>
    public IReadOnlyDictionary<string, string?>? Attributes { get; init; }
}

/// <summary>Fields to change: null leaves a field as it is; an attribute given as null or empty is cleared.</summary>
public record CiChanges
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public BusinessCriticality? BusinessCriticality { get; init; }
    public OperationalStatus? OperationalStatus { get; init; }
    public string? AssignmentGroup { get; init; }
    public string? AssignedTo { get; init; }
    public string? Source { get; init; }
    public IReadOnlyDictionary<string, string?>? Attributes { get; init; }
}

/// <summary>
/// Configuration item use cases on the record kernel: every change is validated first (nothing is saved when a
/// field or attribute is wrong), then saved in one unit of work with its audit. Each attribute written keeps its
/// source and time on its value row and in the audit, so reconciliation and health can reason on them.
/// </summary>
public sealed class CiService(ItsmDbContext db, RecordNumbers numbers, RecordStore store, RecordHistory history, CiAttributeValues attributeValues)
{
    public const string Kind = "configuration item";

    /// <exception cref="RecordValidationException">Nothing was saved.</exception>
    public async Task<ConfigurationItem> CreateAsync(NewConfigurationItem input, string by, CancellationToken cancellationToken)
    {
        var model = await CiModel.LoadAsync(db, cancellationToken);
        var errors = new FieldErrors();
        errors.Length("name", input.Name, Record.ShortDescriptionLength, required: true);
        errors.Texts(("description", input.Description));
        var source = Source(input.Source, errors);
        await store.ValidateAssignmentAsync(errors, input.AssignmentGroup, input.AssignedTo, cancellationToken);
        var ciClass = model.ClassByKey(input.Class);
        IReadOnlyDictionary<EffectiveAttribute, string?> values = new Dictionary<EffectiveAttribute, string?>();
        if (ciClass is null)
        {
            errors.Add("class", string.IsNullOrWhiteSpace(input.Class) ? "Class is required." : $"There is no class '{input.Class}'.");
        }
        else
        {
            values = await attributeValues.NormalizeAsync(model.AttributesOf(ciClass.Id), ciClass, input.Attributes, isNew: true, errors, cancellationToken);
        }

        errors.ThrowIfAny(Kind);

        var now = history.Now;
        var ci = new ConfigurationItem
        {
            Number = await numbers.NextAsync(RecordNumbers.ConfigurationItem, cancellationToken),
            ShortDescription = input.Name!.Trim(),
            Description = RecordText.TrimmedOrNull(input.Description),
            ClassId = ciClass!.Id,
            State = input.State ?? CiState.Planned,
            BusinessCriticality = input.BusinessCriticality ?? BusinessCriticality.Medium,
            OperationalStatus = input.OperationalStatus ?? OperationalStatus.Up,
            AssignmentGroup = RecordText.TrimmedOrNull(input.AssignmentGroup),
            AssignedTo = RecordText.TrimmedOrNull(input.AssignedTo),
            OpenedBy = by,
            OpenedAt = now,
            UpdatedAt = now,
        };
        db.ConfigurationItems.Add(ci);
        history.Created(ci, by);
        history.Audit(ci, "class", null, ciClass.Key, by, now);
        Write(ci, [], values, source, by, now);
        await store.SaveAsync(ci, cancellationToken);
        return ci;
    }

    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordValidationException">Nothing was saved.</exception>
    /// <exception cref="RecordConcurrencyException">A stale <paramref name="expectedRevision"/>, or a change saved meanwhile.</exception>
    public async Task<ConfigurationItem> UpdateAsync(string number, CiChanges changes, int? expectedRevision, string by, CancellationToken cancellationToken)
    {
        var ci = await store.FindAsync<ConfigurationItem>(number, cancellationToken);
        RecordStore.EnsureRevision(ci, expectedRevision);
        var model = await CiModel.LoadAsync(db, cancellationToken);
        var ciClass = model.ClassById(ci.ClassId);
        var errors = new FieldErrors();
        if (changes.Name is not null)
        {
            errors.Length("name", changes.Name, Record.ShortDescriptionLength, required: true);
        }

        errors.Texts(("description", changes.Description));
        var source = Source(changes.Source, errors);
        await store.ValidateAssignmentAsync(errors, changes.AssignmentGroup, changes.AssignedTo, cancellationToken);
        var values = await attributeValues.NormalizeAsync(model.AttributesOf(ciClass.Id), ciClass, changes.Attributes, isNew: false, errors, cancellationToken);
        errors.ThrowIfAny(Kind);

        var before = ci.AuditedFields();
        ci.ShortDescription = changes.Name?.Trim() ?? ci.ShortDescription;
        ci.Description = RecordText.Changed(changes.Description, ci.Description);
        ci.BusinessCriticality = changes.BusinessCriticality ?? ci.BusinessCriticality;
        ci.OperationalStatus = changes.OperationalStatus ?? ci.OperationalStatus;
        ci.AssignmentGroup = RecordText.Changed(changes.AssignmentGroup, ci.AssignmentGroup);
        ci.AssignedTo = RecordText.Changed(changes.AssignedTo, ci.AssignedTo);
        history.Changed(ci, before, by);
        var attributeIds = values.Keys.Select(a => a.Attribute.Id).ToList();
        var current = await db.CiAttributeValues.Where(v => v.CiId == ci.Id && attributeIds.Contains(v.AttributeId)).ToListAsync(cancellationToken);
        if (Write(ci, current, values, source, by, history.Now))
        {
            ci.UpdatedAt = history.Now;
        }

        await store.SaveAsync(ci, cancellationToken);
        return ci;
    }

    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordTransitionException">The lifecycle does not allow it (the allowed moves are named).</exception>
    public async Task<ConfigurationItem> TransitionAsync(string number, CiState to, string by, CancellationToken cancellationToken)
    {
        var ci = await store.FindAsync<ConfigurationItem>(number, cancellationToken);
        CiLifecycle.Table.EnsureAllowed(ci, to);
        var before = ci.AuditedFields();
        ci.State = to;
        ci.ClosedAt = to == CiState.Retired ? history.Now : null;
        history.Changed(ci, before, by);
        await store.SaveAsync(ci, cancellationToken);
        return ci;
    }

    /// <summary>Writes each value that differs from the stored one, with its source and time, and audits it with them.</summary>
    /// <returns>Whether any value changed.</returns>
    private bool Write(ConfigurationItem ci, List<CiAttributeValue> current, IReadOnlyDictionary<EffectiveAttribute, string?> values, string source, string by, DateTime at)
    {
        var changed = false;
        foreach (var (attribute, value) in values)
        {
            var row = current.FirstOrDefault(v => v.AttributeId == attribute.Attribute.Id);
            if (row is null && value is null)
            {
                continue;
            }

            if (row is null)
            {
                db.CiAttributeValues.Add(new CiAttributeValue { Ci = ci, CiId = ci.Id, AttributeId = attribute.Attribute.Id, Value = value, Source = source, WrittenAt = at });
            }
            else
            {
                // The same value again still counts: the source confirmed it now (it is not stale).
                row.Source = source;
                row.WrittenAt = at;
                if (string.Equals(row.Value, value, StringComparison.Ordinal))
                {
                    continue;
                }
            }

            history.Audit(ci, attribute.Key, row?.Value, value, by, at, source);
            if (row is not null)
            {
                row.Value = value;
            }

            changed = true;
        }

        return changed;
    }

    private static string Source(string? source, FieldErrors errors)
    {
        var trimmed = RecordText.TrimmedOrNull(source) ?? CiAttributeValue.ManualSource;
        errors.Length("source", trimmed, RecordAuditEntry.SourceLength);
        return trimmed;
    }
}
