namespace WorkflowItsm.Bpmn.Execution;

public enum JournalEntryKind
{
    InstanceStarted,
    ElementEntered,
    ElementCompleted,
    ElementCancelled,
    ElementFailed,
    VariableSet,
    TaskCreated,
    TaskCompleted,
    TimerScheduled,
    TimerFired,
    MessageReceived,
    MessageSent,
    SignalReceived,
    SignalThrown,
    ErrorThrown,
    ErrorCaught,
    EscalationThrown,
    EscalationCaught,
    AsyncContinuationScheduled,
    CallActivityStarted,
    InstanceCompleted,
    InstanceTerminated,
    InstanceFaulted,
    InstanceCancelled,
}

/// <summary>One line of the instance's history, in the order things happened during the trigger.</summary>
public sealed record JournalEntry(JournalEntryKind Kind, string? ElementId, DateTimeOffset At, string? Detail = null);
