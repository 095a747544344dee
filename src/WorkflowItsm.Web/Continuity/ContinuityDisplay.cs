using MudBlazor;
using WorkflowItsm.Itsm.Continuity;

namespace WorkflowItsm.Web.Continuity;

/// <summary>How the continuity pages word and colour compliance, tiers, drills and steps.</summary>
internal static class ContinuityDisplay
{
    /// <summary>A plan waiting for its review says so before its last check, which a change on its CIs may have made stale.</summary>
    public static string Compliance(ContinuityPlanState state, bool? compliant) => state == ContinuityPlanState.ReviewRequired ? "Review required" : compliant switch
    {
        true => "Compliant",
        false => "Not compliant",
        _ => "Not checked",
    };

    public static Color ComplianceColor(ContinuityPlanState state, bool? compliant) => state == ContinuityPlanState.ReviewRequired ? Color.Warning : compliant switch
    {
        true => Color.Success,
        false => Color.Error,
        _ => Color.Default,
    };

    public static Color TierColor(RecoveryTier tier) => tier switch
    {
        RecoveryTier.MissionCritical => Color.Error,
        RecoveryTier.BusinessCritical => Color.Warning,
        RecoveryTier.Essential => Color.Info,
        _ => Color.Default,
    };

    public static Color DrillColor(DrillState state) => state switch
    {
        DrillState.Passed => Color.Success,
        DrillState.Failed => Color.Error,
        _ => Color.Info,
    };

    public static Color StepColor(DrillStepState state) => state switch
    {
        DrillStepState.Done => Color.Success,
        DrillStepState.Failed => Color.Error,
        DrillStepState.Ready or DrillStepState.InProgress => Color.Info,
        _ => Color.Default,
    };

    public static string Depends(IReadOnlyList<int> on) => on.Count == 0 ? "nothing" : string.Join(", ", on.Select(o => $"step {o}"));
}
