using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.State;

namespace WorkflowItsm.Bpmn.Execution;

public enum ExecutionStatus
{
    /// <summary>The instance waits on bookmarks.</summary>
    Running,
    /// <summary>The instance ended normally, also when a terminate end event ended it (the journal names that event).</summary>
    Completed,
    /// <summary>Only for a state stored with the former Terminated status; a terminate end event now completes.</summary>
    Terminated,
    /// <summary>An uncaught BPMN error ended the instance (<see cref="InstanceState.Fault"/>).</summary>
    Faulted,
    Cancelled,
    /// <summary>
    /// A script, handler or expression failed: the token stays failed at the element (see
    /// <see cref="ExecutionResult.Failures"/>) until a <see cref="RetryRequested"/>. Other tokens went on normally.
    /// </summary>
    ElementFailed,
}

/// <summary>A technical failure at an element, for the runtime's retry policy and the operator's fault list.</summary>
/// <param name="StackTrace">Where a handler or the engine threw, for the operator; null when nothing threw (e.g. an external worker reported it).</param>
public sealed record ElementFailure(string ElementId, string TokenId, string Message, string? ExceptionType, string? RetryTimeCycle, string? StackTrace = null)
{
    /// <summary>
    /// False when retrying cannot help: a script stopped by a sandbox limit (time, memory, size) on the same
    /// variables is stopped again, so hosts open the fault at once instead of spending their retries.
    /// </summary>
    public bool IsRetryable { get; init; } = true;
}

/// <summary>A human task to create in the inbox. Its id is the bookmark id that completes it.</summary>
public sealed record HumanTask(
    string Id,
    string InstanceId,
    string ElementId,
    string? Name,
    string? Assignee,
    IReadOnlyList<string> CandidateUsers,
    IReadOnlyList<string> CandidateGroups,
    DateTimeOffset? DueDate,
    DateTimeOffset? FollowUpDate,
    int Priority,
    string? FormKey,
    IReadOnlyList<FormField> FormFields);

/// <summary>A timer to schedule (or re-schedule, for a cycle) under its bookmark id.</summary>
public sealed record ScheduledTimer(string BookmarkId, string ElementId, DateTimeOffset Due);

/// <summary>A signal the host broadcasts to other instances (this instance already received it).</summary>
public sealed record ThrownSignal(string SignalName, string ElementId, IReadOnlyDictionary<string, object?>? Variables);

/// <summary>A message a throw event or send task without handler sends; the host correlates it.</summary>
public sealed record SentMessage(string MessageName, string ElementId, string? CorrelationKey, IReadOnlyDictionary<string, object?>? Variables);

/// <summary>What one start or trigger changed. <see cref="State"/> is the updated state to store.</summary>
public sealed class ExecutionResult
{
    public required InstanceState State { get; init; }
    public required ExecutionStatus Status { get; init; }
    public IReadOnlyList<ElementFailure> Failures { get; init; } = [];
    public IReadOnlyList<Bookmark> CreatedBookmarks { get; init; } = [];

    /// <summary>Bookmarks that are gone: consumed by this trigger or cancelled.</summary>
    public IReadOnlyList<Bookmark> RemovedBookmarks { get; init; } = [];

    public IReadOnlyList<HumanTask> CreatedTasks { get; init; } = [];

    /// <summary>Ids of human tasks cancelled (not completed) by this trigger.</summary>
    public IReadOnlyList<string> CancelledTaskIds { get; init; } = [];

    public IReadOnlyList<ScheduledTimer> ScheduledTimers { get; init; } = [];

    /// <summary>Bookmark ids of timers cancelled before they fired.</summary>
    public IReadOnlyList<string> CancelledTimerIds { get; init; } = [];

    public IReadOnlyList<ThrownSignal> ThrownSignals { get; init; } = [];
    public IReadOnlyList<SentMessage> SentMessages { get; init; } = [];
    public IReadOnlyList<JournalEntry> Journal { get; init; } = [];
}
