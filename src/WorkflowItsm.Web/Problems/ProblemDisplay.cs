using MudBlazor;
using WorkflowItsm.Itsm.Problems;

namespace WorkflowItsm.Web.Problems;

/// <summary>How problems look on every page: the same words and colours for their states.</summary>
internal static class ProblemDisplay
{
    public static string StateText(ProblemState state) => state switch
    {
        ProblemState.RootCauseAnalysis => "Root cause analysis",
        ProblemState.FixInProgress => "Fix in progress",
        _ => state.ToString(),
    };

    /// <summary>The button that moves a problem to <paramref name="target"/>, as a verb ("Start root cause analysis"), not the state's name.</summary>
    public static string ActionText(ProblemState target) => target switch
    {
        ProblemState.New => "Reopen",
        ProblemState.Assessed => "Mark assessed",
        ProblemState.RootCauseAnalysis => "Start root cause analysis",
        ProblemState.FixInProgress => "Start the fix",
        ProblemState.Resolved => "Resolve",
        ProblemState.Closed => "Close",
        _ => "Cancel problem",
    };

    public static Color StateColor(ProblemState state) => state switch
    {
        ProblemState.New => Color.Info,
        ProblemState.Resolved => Color.Success,
        ProblemState.Closed or ProblemState.Cancelled => Color.Default,
        _ => Color.Primary,
    };
}
