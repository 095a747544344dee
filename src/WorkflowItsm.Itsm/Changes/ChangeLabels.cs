namespace WorkflowItsm.Itsm.Changes;

/// <summary>The words people read for a change's type, state, risk and close code (messages, risk reasons, pages) — never the enum names.</summary>
public static class ChangeLabels
{
    public static string Type(ChangeType type) => type switch
    {
        ChangeType.Standard => "Standard",
        ChangeType.Emergency => "Emergency",
        _ => "Normal",
    };

    public static string State(ChangeState state) => state switch
    {
        ChangeState.Assess => "Assess",
        ChangeState.Authorize => "Authorize",
        ChangeState.Scheduled => "Scheduled",
        ChangeState.Implement => "Implement",
        ChangeState.Review => "Review",
        ChangeState.Closed => "Closed",
        ChangeState.Cancelled => "Cancelled",
        _ => "New",
    };

    public static string Risk(ChangeRisk risk) => risk switch
    {
        ChangeRisk.VeryHigh => "Very high",
        ChangeRisk.High => "High",
        ChangeRisk.Moderate => "Moderate",
        _ => "Low",
    };

    public static string CloseCode(ChangeCloseCode code) => code switch
    {
        ChangeCloseCode.SuccessfulWithIssues => "Successful with issues",
        ChangeCloseCode.Unsuccessful => "Unsuccessful",
        _ => "Successful",
    };
}
