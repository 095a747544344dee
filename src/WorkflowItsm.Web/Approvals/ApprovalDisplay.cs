using MudBlazor;
using WorkflowItsm.Itsm.Approvals;

namespace WorkflowItsm.Web.Approvals;

/// <summary>Approval states, decisions and policies as people read them.</summary>
internal static class ApprovalDisplay
{
    public static string StateText(ApprovalState state) => state switch
    {
        ApprovalState.Pending => "Waiting for votes",
        ApprovalState.Approved => "Approved",
        ApprovalState.Rejected => "Rejected",
        ApprovalState.Escalated => "Escalated",
        _ => "Cancelled",
    };

    public static Color StateColor(ApprovalState state) => state switch
    {
        ApprovalState.Approved => Color.Success,
        ApprovalState.Rejected => Color.Error,
        ApprovalState.Escalated => Color.Warning,
        ApprovalState.Pending => Color.Info,
        _ => Color.Default,
    };

    public static string DecisionText(ApproverView approver) => approver.Decision switch
    {
        ApprovalDecision.Approved => "Approved",
        ApprovalDecision.Rejected => "Rejected",
        _ when !approver.IsActive => "Not asked any more (escalated)",
        _ => "Not voted yet",
    };

    public static string SourceText(string source) => source switch
    {
        "person" => "Named approver",
        "escalation" => "Escalation",
        "requester's manager" => "Requester's manager",
        _ when source.StartsWith("CAB ", StringComparison.Ordinal) => "CAB member",
        _ when source.StartsWith("group ", StringComparison.Ordinal) => $"Group {source[6..]}",
        _ => source,
    };

    public static string PolicyText(ApprovalPolicy policy) => policy switch
    {
        ApprovalPolicy.Anyone => "Anyone approves",
        ApprovalPolicy.All => "All approve",
        ApprovalPolicy.Count => "A number of approvals",
        _ => "A share of the approvers (%)",
    };

    public static string RejectionText(RejectionPolicy policy) => policy == RejectionPolicy.Count ? "A number of rejections" : "A share of the approvers (%)";

    public static string DueActionText(DueAction action) => action switch
    {
        DueAction.None => "Nothing (keep waiting)",
        DueAction.AutoApprove => "Approve automatically",
        DueAction.AutoReject => "Reject automatically",
        _ => "Escalate",
    };

    public static string DueUnitText(DueUnit unit) => unit == DueUnit.BusinessHours ? "business hours" : "business days";
}
