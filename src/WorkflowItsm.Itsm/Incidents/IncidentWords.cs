namespace WorkflowItsm.Itsm.Incidents;

/// <summary>An incident's state and the caller's actions in the words of the person who reported it (no engine or field names).</summary>
public static class IncidentWords
{
    public static string StateForCaller(IncidentState state, OnHoldReason? onHold = null) => state switch
    {
        IncidentState.New => "Received",
        IncidentState.InProgress => "Being worked on",
        IncidentState.OnHold => onHold == OnHoldReason.AwaitingCaller ? "Waiting for your answer" : "On hold",
        IncidentState.Resolved => "Resolved: please confirm",
        IncidentState.Closed => "Closed",
        IncidentState.Cancelled => "Withdrawn",
        _ => "Received",
    };

    /// <summary>A change of state as a line of the caller's conversation ("Resolved", not "Resolved: please confirm").</summary>
    public static string StateChange(IncidentState state) => state == IncidentState.Resolved ? "Resolved" : StateForCaller(state);

    /// <summary>The action as done ("confirmed").</summary>
    public static string Done(CallerAction action) => action switch
    {
        CallerAction.Confirm => "confirmed",
        CallerAction.Reopen => "reopened",
        _ => "withdrawn",
    };
}
