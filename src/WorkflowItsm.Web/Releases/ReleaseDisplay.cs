using System.Globalization;
using MudBlazor;
using WorkflowItsm.Itsm.Releases;

namespace WorkflowItsm.Web.Releases;

/// <summary>How releases look on every page: the same verbs for their moves and colours for states, gate statuses and deployment decisions.</summary>
internal static class ReleaseDisplay
{
    /// <summary>The button that moves a release to <paramref name="target"/>, as a verb.</summary>
    public static string ActionText(ReleaseState from, ReleaseState target) => target switch
    {
        ReleaseState.Draft => "Back to draft",
        ReleaseState.Pending => "Submit",
        ReleaseState.InProgress when from == ReleaseState.OnHold => "Resume",
        ReleaseState.InProgress => "Start",
        ReleaseState.OnHold => "Put on hold…",
        ReleaseState.Review => "To review",
        ReleaseState.Completed => "Complete",
        ReleaseState.Failed => "Mark failed",
        _ => "Cancel release",
    };

    public static Color ActionColor(ReleaseState target) => target is ReleaseState.Cancelled or ReleaseState.Failed ? Color.Error : Color.Primary;

    public static Color StateColor(ReleaseState state) => state switch
    {
        ReleaseState.Draft or ReleaseState.Pending => Color.Info,
        ReleaseState.OnHold => Color.Warning,
        ReleaseState.Completed => Color.Success,
        ReleaseState.Failed => Color.Error,
        ReleaseState.Cancelled => Color.Default,
        _ => Color.Primary,
    };

    public static Color GateColor(GateStatus status) => status switch
    {
        GateStatus.Compliant => Color.Success,
        GateStatus.CompliantWithException => Color.Warning,
        GateStatus.NonCompliant => Color.Error,
        GateStatus.InProgress => Color.Info,
        _ => Color.Default,
    };

    public static Color PhaseColor(ReleasePhaseState state) => state switch
    {
        ReleasePhaseState.Active => Color.Primary,
        ReleasePhaseState.Completed => Color.Success,
        _ => Color.Default,
    };

    public static Color DeploymentColor(DeploymentState state) => state switch
    {
        DeploymentState.Succeeded => Color.Success,
        DeploymentState.Failed or DeploymentState.NoGo => Color.Error,
        DeploymentState.AwaitingGoNoGo => Color.Warning,
        _ => Color.Primary,
    };

    public static Color DecisionColor(DeploymentDecision decision) => decision switch
    {
        DeploymentDecision.Allowed => Color.Success,
        DeploymentDecision.Prevented => Color.Error,
        _ => Color.Warning,
    };

    /// <summary>"Allowed", "Prevented", "Waiting": the gate's answer as a word that starts a sentence.</summary>
    public static string DecisionText(DeploymentGateAnswer answer) => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(answer.DecisionText);

    /// <summary>A planned day in the reader's culture.</summary>
    public static string Day(DateOnly day) => day.ToString("ddd d MMM yyyy", CultureInfo.CurrentCulture);

    public static string Percent(decimal value) => value.ToString("0.##", CultureInfo.CurrentCulture) + " %";
}
