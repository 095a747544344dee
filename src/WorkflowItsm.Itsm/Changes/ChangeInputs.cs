using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Changes;

/// <summary>
/// What is asked for a new change. A standard change is made from a template (<see cref="TemplateId"/>): it takes the
/// template's fields, given ones win. Impact and urgency default to 3 (low).
/// </summary>
public sealed record NewChange : PrioritizedRecordInput
{
    /// <summary>Normal when not given; Standard when a template is given.</summary>
    public ChangeType? Type { get; init; }

    /// <summary>The standard-change template (its current version is used).</summary>
    public long? TemplateId { get; init; }

    public string? Reason { get; init; }
    public string? ImplementationPlan { get; init; }
    public string? BackoutPlan { get; init; }
    public string? TestPlan { get; init; }
    public DateTime? PlannedStart { get; init; }
    public DateTime? PlannedEnd { get; init; }

    /// <summary>CI numbers the change touches (besides the main <see cref="PrioritizedRecordInput.ConfigurationItem"/>, which counts too).</summary>
    public IReadOnlyList<string>? AffectedCis { get; init; }
}

/// <summary>Fields to change: null leaves a field as it is; an empty text clears an optional one.</summary>
public record ChangeChanges : PrioritizedRecordInput
{
    /// <summary>Only in New and before any approval exists (409 otherwise).</summary>
    public ChangeType? Type { get; init; }

    public string? Reason { get; init; }
    public string? ImplementationPlan { get; init; }
    public string? BackoutPlan { get; init; }
    public string? TestPlan { get; init; }
    public DateTime? PlannedStart { get; init; }
    public DateTime? PlannedEnd { get; init; }
    public DateTime? ActualStart { get; init; }
    public DateTime? ActualEnd { get; init; }

    public override bool IsEmpty => base.IsEmpty && Type is null && Reason is null && ImplementationPlan is null && BackoutPlan is null
        && TestPlan is null && PlannedStart is null && PlannedEnd is null && ActualStart is null && ActualEnd is null;
}

/// <summary>A move to another state with what that state needs (close code and notes to close), given here or recorded before.</summary>
public sealed record ChangeTransition(ChangeState To, ChangeCloseCode? CloseCode = null, string? CloseNotes = null);

/// <summary>The type may no longer change: the change left New, or an approval exists. The API answers 409.</summary>
public sealed class ChangeTypeLockedException(string number, string why)
    : RecordConflictException($"The type of {number} can no longer change: {why}")
{
    public string Number { get; } = number;
}
