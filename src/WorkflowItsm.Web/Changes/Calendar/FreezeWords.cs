using MudBlazor;
using WorkflowItsm.Itsm.Changes.Freezes;

namespace WorkflowItsm.Web.Changes.Calendar;

/// <summary>A freeze's state as users read it, and its colour.</summary>
internal static class FreezeWords
{
    public static string State(ChangeFreezeState state) => state switch
    {
        ChangeFreezeState.AwaitingApproval => "Awaiting approval",
        _ => state.ToString(),
    };

    public static Color StateColor(ChangeFreezeState state) => state switch
    {
        ChangeFreezeState.Enforced => Color.Info,
        ChangeFreezeState.AwaitingApproval => Color.Warning,
        _ => Color.Default,
    };
}
