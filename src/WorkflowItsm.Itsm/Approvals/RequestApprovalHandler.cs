using WorkflowItsm.Bpmn.ServiceTasks;

namespace WorkflowItsm.Itsm.Approvals;

/// <summary>
/// The BPMN side of the approval engine: asks for an approval of the record <c>recordNumber</c> under the rule
/// <c>approvalRule</c> and sets <c>approvalId</c> and <c>approvers</c>, which a parallel multi-instance user task
/// (<c>camunda:assignee="${approver}"</c> over <c>${approvers}</c>, completion condition <c>${approvalDecided}</c>)
/// turns into one task per approver; a gateway after it reads <c>approvalOutcome</c> (approved / rejected).
/// </summary>
[ServiceTask("approvals.request", DisplayName = "Request approval",
    Description = "Asks for an approval of the record recordNumber under the rule approvalRule; sets approvalId, approvers (one task each), approvalDecided and approvalOutcome.")]
[ServiceTaskOutput("approvalId", ServiceTaskPropertyType.String, Description = "The approval's id.")]
[ServiceTaskOutput("approvers", ServiceTaskPropertyType.Json, Description = "The approvers' user names (the multi-instance collection).")]
[ServiceTaskOutput("approvalOutcome", ServiceTaskPropertyType.String, Description = "pending, then approved or rejected.")]
public sealed class RequestApprovalHandler(ApprovalService approvals) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var number = context.Variables.GetValueOrDefault("recordNumber") as string ?? context.BusinessKey
            ?? throw new InvalidOperationException("The approval step needs the variable recordNumber (or a business key).");
        var rule = context.Variables.GetValueOrDefault("approvalRule") as string
            ?? throw new InvalidOperationException("The approval step needs the variable approvalRule (a rule key such as change-cab).");
        var by = context.Variables.GetValueOrDefault("requestedBy") as string ?? "workflow";
        var approval = await approvals.RequestAsync(number, rule, context.Variables, context.ProcessInstanceId, by, cancellationToken);
        var decided = approval.State is ApprovalState.Approved or ApprovalState.Rejected;
        return ServiceTaskResult.With(
            ("approvalId", approval.Id),
            ("approvers", decided ? new List<object?>() : approval.Approvers.Select(a => (object?)a.UserName).ToList()),
            (ApprovalService.DecidedVariable, decided),
            (ApprovalService.OutcomeVariable, decided ? approval.State.ToString().ToLowerInvariant() : "pending"));
    }
}
