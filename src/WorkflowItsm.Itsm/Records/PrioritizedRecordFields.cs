using WorkflowItsm.Itsm.Configuration;

namespace WorkflowItsm.Itsm.Records;

/// <summary>
/// The fields a person gives for any record about a service, new or changed; each kind adds its own (in JSON they
/// stand flat beside them). For a change, null leaves a field as it is and an empty text clears an optional one.
/// </summary>
public abstract record PrioritizedRecordInput
{
    public string? ShortDescription { get; init; }
    public string? Description { get; init; }
    public string? Category { get; init; }
    public string? Service { get; init; }
    public string? ConfigurationItem { get; init; }

    /// <summary>1 (high) to <see cref="PriorityMatrix.Levels"/> (low); a new record takes the lowest.</summary>
    public int? Impact { get; init; }

    /// <summary>1 (high) to <see cref="PriorityMatrix.Levels"/> (low); a new record takes the lowest.</summary>
    public int? Urgency { get; init; }

    public string? AssignmentGroup { get; init; }
    public string? AssignedTo { get; init; }

    /// <summary>True when no field is given (a change of nothing).</summary>
    public virtual bool IsEmpty =>
        ShortDescription is null && Description is null && Category is null && Service is null && ConfigurationItem is null
        && Impact is null && Urgency is null && AssignmentGroup is null && AssignedTo is null;
}

/// <summary>What a list of records about a service may be narrowed to; each kind adds its states and its own filters.</summary>
public abstract record PrioritizedRecordFilter
{
    public int? Priority { get; init; }
    public string? AssignmentGroup { get; init; }
    public string? AssignedTo { get; init; }

    /// <summary>Only records nobody has taken yet (a group's queue).</summary>
    public bool? Unassigned { get; init; }

    public string? Category { get; init; }
    public string? Service { get; init; }
    public string? ConfigurationItem { get; init; }

    /// <summary>A number, or words of the short description.</summary>
    public string? Text { get; init; }
}

/// <summary>
/// Checks and applies the fields every record about a service shares: short description and description, category
/// (one admins keep, <see cref="RecordCategories"/>), service and CI (CI numbers: a business service, any CI, <see cref="CiReferences"/>), impact × urgency → priority through the <see cref="PriorityMatrix"/>, and the assignment (a group
/// that exists, a person in it). A kind checks its own fields into the same <see cref="FieldErrors"/>, so one
/// answer names every wrong field.
/// </summary>
public sealed class PrioritizedRecordFields(RecordStore store, PriorityMatrix matrix, RecordCategories categories, CiReferences configurationItems)
{
    /// <param name="isNew">A new record needs its short description; a change may leave it out.</param>
    /// <param name="subcategory">The kind's subcategory as given, for kinds that have one (checked against the category).</param>
    /// <param name="currentCategory">The record's category before the change (a subcategory alone belongs to it).</param>
    internal async Task ValidateAsync(FieldErrors errors, PrioritizedRecordInput input, bool isNew, CancellationToken cancellationToken,
        string? subcategory = null, string? currentCategory = null)
    {
        if (isNew || input.ShortDescription is not null)
        {
            errors.Length("shortDescription", input.ShortDescription, Record.ShortDescriptionLength, required: true);
        }

        errors.Texts(("description", input.Description));
        errors.Codes(("category", input.Category), ("subcategory", subcategory), ("service", input.Service), ("configurationItem", input.ConfigurationItem));
        await categories.ValidateAsync(errors, input.Category, subcategory, currentCategory, cancellationToken);
        await configurationItems.ValidateAsync(errors, input.Service, input.ConfigurationItem, cancellationToken);
        errors.Level("impact", input.Impact);
        errors.Level("urgency", input.Urgency);
        await store.ValidateAssignmentAsync(errors, input.AssignmentGroup, input.AssignedTo, cancellationToken);
    }

    /// <summary>The subcategory, unless it is not one of <paramref name="category"/>'s (the category changed under it): then none.</summary>
    public async Task<string?> SubcategoryKeptAsync(string? category, string? subcategory, CancellationToken cancellationToken) =>
        subcategory is not null && category is not null && await categories.BelongsAsync(category, subcategory, cancellationToken) ? subcategory : null;

    /// <summary>Applies checked fields to <paramref name="record"/> and sets its priority from the matrix.</summary>
    public async Task ApplyAsync<TState>(PrioritizedRecord<TState> record, PrioritizedRecordInput input, CancellationToken cancellationToken)
        where TState : struct, Enum
    {
        record.ShortDescription = input.ShortDescription?.Trim() ?? record.ShortDescription;
        record.Description = RecordText.Changed(input.Description, record.Description);
        record.Category = RecordText.Changed(input.Category, record.Category);
        record.Service = RecordText.Changed(input.Service?.ToUpperInvariant(), record.Service);
        record.ConfigurationItem = RecordText.Changed(input.ConfigurationItem?.ToUpperInvariant(), record.ConfigurationItem);
        record.Impact = input.Impact ?? record.Impact;
        record.Urgency = input.Urgency ?? record.Urgency;
        record.Priority = await matrix.PriorityOfAsync(record.Impact, record.Urgency, cancellationToken);
        record.AssignmentGroup = RecordText.Changed(input.AssignmentGroup, record.AssignmentGroup);
        record.AssignedTo = RecordText.Changed(input.AssignedTo, record.AssignedTo);
    }
}

/// <summary>The filters of <see cref="PrioritizedRecordFilter"/> as database conditions.</summary>
public static class PrioritizedRecordQueries
{
    public static IQueryable<TRecord> WhereFields<TRecord, TState>(this IQueryable<TRecord> query, PrioritizedRecordFilter filter)
        where TRecord : PrioritizedRecord<TState>
        where TState : struct, Enum
    {
        query = filter.Priority is { } priority ? query.Where(r => r.Priority == priority) : query;
        query = filter.AssignmentGroup is { } group ? query.Where(r => r.AssignmentGroup == group) : query;
        query = filter.AssignedTo is { } assignee ? query.Where(r => r.AssignedTo == assignee) : query;
        query = filter.Unassigned is { } unassigned ? query.Where(r => (r.AssignedTo == null) == unassigned) : query;
        query = filter.Category is { } category ? query.Where(r => r.Category == category) : query;
        query = filter.Service is { } service ? query.Where(r => r.Service == service) : query;
        return filter.ConfigurationItem is { } item ? query.Where(r => r.ConfigurationItem == item) : query;
    }
}
