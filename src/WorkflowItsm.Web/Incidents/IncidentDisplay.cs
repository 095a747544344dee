using MudBlazor;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.ServiceLevels;

namespace WorkflowItsm.Web.Incidents;

/// <summary>How incidents look on every page: the same words and colours for states, priorities and SLA clocks.</summary>
internal static class IncidentDisplay
{
    public static IReadOnlyList<IncidentState> OpenStates { get; } = [IncidentState.New, IncidentState.InProgress, IncidentState.OnHold];

    public static string StateText(IncidentState state) => state switch
    {
        IncidentState.InProgress => "In progress",
        IncidentState.OnHold => "On hold",
        _ => state.ToString(),
    };

    public static Color StateColor(IncidentState state) => state switch
    {
        IncidentState.New => Color.Info,
        IncidentState.InProgress => Color.Primary,
        IncidentState.OnHold => Color.Warning,
        IncidentState.Resolved => Color.Success,
        _ => Color.Default,
    };

    public static string PriorityText(int priority) => priority switch
    {
        1 => "1 – Critical",
        2 => "2 – High",
        3 => "3 – Moderate",
        4 => "4 – Low",
        _ => "5 – Planning",
    };

    /// <summary>"3 – One person": impact as the forms offer it (incidents and problems).</summary>
    public static string ImpactText(int impact) => impact switch
    {
        1 => "1 – Many people",
        2 => "2 – A team",
        3 => "3 – One person",
        _ => impact.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>"3 – Can wait": urgency as the forms offer it.</summary>
    public static string UrgencyText(int urgency) => urgency switch
    {
        1 => "1 – Work stopped",
        2 => "2 – Work hampered",
        3 => "3 – Can wait",
        _ => urgency.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static Color PriorityColor(int priority) => priority switch
    {
        1 => Color.Error,
        2 => Color.Warning,
        3 => Color.Info,
        _ => Color.Default,
    };

    public static string OnHoldText(OnHoldReason reason) => reason switch
    {
        OnHoldReason.AwaitingCaller => "Awaiting caller",
        OnHoldReason.AwaitingVendor => "Awaiting vendor",
        _ => "Awaiting change",
    };

    public static Color ClockColor(SlaClockView clock) =>
        clock.BreachedAt is not null ? Color.Error
        : clock.PercentUsed >= 75 ? Color.Warning
        : clock.State == SlaClockState.Stopped ? Color.Success
        : Color.Primary;

    /// <summary>"2 h 15 min", "3 d 4 h": business time as people say it.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span.TotalMinutes < 1)
        {
            return $"{Math.Max(0, (int)span.TotalSeconds)} s";
        }

        return span.TotalHours < 1 ? $"{(int)span.TotalMinutes} min"
            : span.TotalDays < 1 ? $"{(int)span.TotalHours} h {span.Minutes} min"
            : $"{(int)span.TotalDays} d {span.Hours} h";
    }
}
