using System.Globalization;
using MudBlazor;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Web.Components;

namespace WorkflowItsm.Web.Changes;

/// <summary>How changes look on every page: the same words and colours for their types, states and risks.</summary>
internal static class ChangeDisplay
{
    /// <summary>The button that moves a change to <paramref name="target"/>, as a verb.</summary>
    public static string ActionText(ChangeState from, ChangeState target) => target switch
    {
        ChangeState.New when from == ChangeState.Authorize => "Reject (back to New)",
        ChangeState.New => "Back to New (re-plan)",
        ChangeState.Assess => "Submit for assessment",
        ChangeState.Authorize => "Request authorization",
        ChangeState.Scheduled => "Schedule",
        ChangeState.Implement => "Start implementation",
        ChangeState.Review => "Finish, to review",
        ChangeState.Closed => "Close…",
        _ => "Cancel change",
    };

    public static Color StateColor(ChangeState state) => state switch
    {
        ChangeState.New => Color.Info,
        ChangeState.Implement => Color.Warning,
        ChangeState.Closed or ChangeState.Cancelled => Color.Default,
        _ => Color.Primary,
    };

    public static Color RiskColor(ChangeRisk risk) => risk switch
    {
        ChangeRisk.VeryHigh => Color.Error,
        ChangeRisk.High => Color.Warning,
        ChangeRisk.Moderate => Color.Info,
        _ => Color.Success,
    };

    /// <summary>A UTC moment as a datetime-local input shows it, in the browser's zone.</summary>
    public static string? ToInput(DateTime? utc, BrowserTime time) =>
        utc is { } value ? time.Local(value).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture) : null;

    /// <summary>A datetime-local input's value (the browser's zone) as UTC; null when empty or unreadable.</summary>
    public static DateTime? FromInput(string? text, BrowserTime time) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), time.Zone)
            : null;

    /// <summary>"from – to" in the browser's zone, or "Not planned".</summary>
    public static string Window(DateTime? start, DateTime? end, BrowserTime time) =>
        start is null && end is null ? "Not planned" : $"{time.Moment(start) ?? "?"} – {time.Moment(end) ?? "?"}";
}
