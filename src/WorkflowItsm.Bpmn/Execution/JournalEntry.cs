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
    WaitStateTriggered,
    /// <summary>The condition of a conditional event became true (the detail names what changed, when something did).</summary>
    ConditionMet,
    /// <summary>A compensation throw started compensating (the detail says how many handlers run).</summary>
    CompensationThrown,
    /// <summary>A cancel end event cancelled its transaction: the flow goes on at the cancel boundary event (the detail names the transaction).</summary>
    TransactionCancelled,
}

/// <summary>One line of the instance's history, in the order things happened during the trigger.</summary>
public sealed record JournalEntry(JournalEntryKind Kind, string? ElementId, DateTimeOffset At, string? Detail = null)
{
    /// <summary>The token the entry is about, when one is (null for instance-level entries).</summary>
    public string? TokenId { get; init; }

    /// <summary>The scope the entry happened in: the token's scope, a subscription's scope, or the process scope.</summary>
    public string? ScopeId { get; init; }
}
