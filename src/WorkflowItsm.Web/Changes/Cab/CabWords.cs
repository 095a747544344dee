using MudBlazor;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Changes.Cab;

namespace WorkflowItsm.Web.Changes.Cab;

/// <summary>What people read for the board's states, decisions and a change's risk.</summary>
public static class CabWords
{
    public static string Of(CabMeetingState state) => state switch
    {
        CabMeetingState.Planned => "Planned",
        CabMeetingState.InProgress => "In progress",
        CabMeetingState.Completed => "Held",
        _ => "Cancelled",
    };

    public static string Of(CabDecision decision) => decision switch
    {
        CabDecision.Pending => "To decide",
        CabDecision.Approved => "Approved",
        CabDecision.Rejected => "Rejected",
        _ => "Deferred",
    };

    public static Color ColorOf(CabDecision decision) => decision switch
    {
        CabDecision.Approved => Color.Success,
        CabDecision.Rejected => Color.Error,
        CabDecision.Deferred => Color.Warning,
        _ => Color.Default,
    };

    public static string Of(ChangeRisk? risk) => risk switch
    {
        ChangeRisk.Low => "Low",
        ChangeRisk.Moderate => "Moderate",
        ChangeRisk.High => "High",
        ChangeRisk.VeryHigh => "Very high",
        _ => "—",
    };
}
