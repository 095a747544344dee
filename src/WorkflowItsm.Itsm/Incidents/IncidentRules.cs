using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Incidents;

/// <summary>Which state may follow which, and what a move needs (the lifecycle agents know from ServiceNow).</summary>
public static class IncidentLifecycle
{
    public static RecordLifecycle<IncidentState> Table { get; } = new RecordLifecycle<IncidentState>()
        .Open(IncidentState.New, IncidentState.InProgress, IncidentState.OnHold)
        .Allow(IncidentState.New, IncidentState.InProgress, IncidentState.OnHold, IncidentState.Resolved, IncidentState.Cancelled)
        .Allow(IncidentState.InProgress, IncidentState.OnHold, IncidentState.Resolved, IncidentState.Cancelled)
        .Allow(IncidentState.OnHold, IncidentState.InProgress, IncidentState.Resolved, IncidentState.Cancelled)
        // Reopened by the caller (or an agent) while resolved; closed by the caller's confirmation or the auto-close timer.
        .Allow(IncidentState.Resolved, IncidentState.InProgress, IncidentState.Closed)
        .Allow(IncidentState.Closed)
        .Allow(IncidentState.Cancelled)
        .Require(IncidentState.OnHold, "onHoldReason", "Say why it is on hold: waiting for the caller, for a vendor or for a change.")
        .Require(IncidentState.Resolved, "resolutionCode")
        .Require(IncidentState.Resolved, "resolutionNotes");

    public static IReadOnlyList<IncidentState> AllowedFrom(IncidentState state) => Table.AllowedFrom(state);
}
