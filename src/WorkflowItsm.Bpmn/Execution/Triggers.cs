using WorkflowItsm.Bpmn.Model;

namespace WorkflowItsm.Bpmn.Execution;

/// <summary>Something from outside that moves an instance on. Most name the bookmark they answer.</summary>
public abstract record Trigger;

/// <summary>A human task was completed (the bookmark id is the task id).</summary>
public sealed record UserTaskCompleted(string BookmarkId, IReadOnlyDictionary<string, object?>? Variables = null) : Trigger;

/// <summary>A message the host correlated to this bookmark (by name and correlation key) arrived.</summary>
public sealed record MessageReceived(string BookmarkId, IReadOnlyDictionary<string, object?>? Variables = null) : Trigger;

/// <summary>A signal was broadcast; every signal bookmark of the instance with this name fires.</summary>
public sealed record SignalReceived(string SignalName, IReadOnlyDictionary<string, object?>? Variables = null) : Trigger;

/// <summary>A timer bookmark is due.</summary>
public sealed record TimerFired(string BookmarkId) : Trigger;

/// <summary>A plain wait state (a receive task without a message) is moved on by hand, as Camunda's trigger/signal does.</summary>
public sealed record WaitStateTriggered(string BookmarkId, IReadOnlyDictionary<string, object?>? Variables = null) : Trigger;

/// <summary>
/// The host sets process-level variables (Camunda's setVariables on the instance): each is written to the process
/// scope, and the conditional events waiting in the instance are evaluated again.
/// </summary>
public sealed record VariablesSet(IReadOnlyDictionary<string, object?> Variables) : Trigger;

/// <summary>An external worker completed its task.</summary>
public sealed record ExternalTaskCompleted(string BookmarkId, IReadOnlyDictionary<string, object?>? Variables = null) : Trigger;

/// <summary>An external worker reported a business (BPMN) error.</summary>
public sealed record ExternalTaskErrorThrown(string BookmarkId, string ErrorCode, string? Message = null,
    IReadOnlyDictionary<string, object?>? Variables = null) : Trigger;

/// <summary>
/// An external worker failed technically. An error rule of the task (<c>camunda:errorEventDefinition</c>) that holds
/// throws its BPMN error instead; otherwise, with no <paramref name="RetriesLeft"/>, the element is marked failed for the
/// runtime's retry policy, and with retries left nothing changes (the runtime offers the task again).
/// </summary>
public sealed record ExternalTaskFailed(string BookmarkId, string Message, int RetriesLeft = 0) : Trigger;

/// <summary>The job of an async-continuation bookmark runs.</summary>
public sealed record AsyncContinuationDue(string BookmarkId) : Trigger;

/// <summary>The child instance started for a call activity completed with these variables.</summary>
public sealed record CallActivityCompleted(string BookmarkId, IReadOnlyDictionary<string, object?>? Variables = null) : Trigger;

/// <summary>
/// The child instance faulted. With an error code the error is thrown at the call activity (boundaries may catch
/// it); without one the call activity is marked failed.
/// </summary>
public sealed record CallActivityFaulted(string BookmarkId, string? ErrorCode, string Message) : Trigger;

/// <summary>Run a failed element again (after the runtime's retry delay or an operator's retry).</summary>
public sealed record RetryRequested(string TokenId) : Trigger;

/// <summary>The host cancels the whole instance: every task, timer and subscription is cancelled.</summary>
public sealed record CancelRequested(string? Reason = null) : Trigger;

/// <summary>Which start event starts an instance, with what.</summary>
/// <param name="StartEventId">A top-level start event (timer, message or signal ones are chosen here); null for the none start event.</param>
/// <param name="Initiator">The starting user; stored in the start event's <c>camunda:initiator</c> variable.</param>
/// <param name="InstanceId">The id to use; a new one is generated when null.</param>
public sealed record StartInstanceRequest(
    string? StartEventId = null,
    string? BusinessKey = null,
    IReadOnlyDictionary<string, object?>? Variables = null,
    string? Initiator = null,
    string? InstanceId = null);

/// <summary>A trigger that does not fit the instance (unknown bookmark, finished instance...). Nothing was changed.</summary>
public sealed class TriggerRejectedException : Exception
{
    public TriggerRejectedException() { }
    public TriggerRejectedException(string message) : base(message) { }
    public TriggerRejectedException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// Values submitted for a start or task form break its fields' types or constraints. Nothing was changed; show
/// <see cref="Errors"/> next to the fields.
/// </summary>
public sealed class FormRejectedException : Exception
{
    public FormRejectedException() : this([]) { }
    public FormRejectedException(string message) : base(message) => Errors = [];
    public FormRejectedException(string message, Exception inner) : base(message, inner) => Errors = [];

    public FormRejectedException(IReadOnlyList<FormFieldError> errors)
        : base("The form is invalid: " + string.Join(" ", errors.Select(e => e.Message))) => Errors = errors;

    public IReadOnlyList<FormFieldError> Errors { get; }
}
