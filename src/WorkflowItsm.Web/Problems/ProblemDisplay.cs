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

    public static Color StateColor(ProblemState state) => state switch
    {
        ProblemState.New => Color.Info,
        ProblemState.Resolved => Color.Success,
        ProblemState.Closed or ProblemState.Cancelled => Color.Default,
        _ => Color.Primary,
    };
}
