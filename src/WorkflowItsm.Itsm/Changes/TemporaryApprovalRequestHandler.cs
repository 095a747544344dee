using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Itsm.Changes;

/// <summary>
/// TEMPORARY, until the approval engine (Itsm/Approvals) is merged: it owns "approvals.request". Here the approvers
/// are the members of the change managers' group (or the change's opener when the group is empty), whatever the
/// rule; each gets a vote task, completed with approvalDecided and approvalOutcome. The lead deletes this file at merge.
/// </summary>
[ServiceTask("approvals.request", DisplayName = "Request approval (temporary)",
    Description = "Sets approvers to the members of the change managers' group; their tasks complete with approvalDecided = true and approvalOutcome = 'approved' or 'rejected'.")]
[ServiceTaskOutput("approvers", ServiceTaskPropertyType.String, Description = "The user names asked to approve; also approvalDecided and approvalOutcome.")]
public sealed class TemporaryApprovalRequestHandler(ChangeService changes, DirectoryGroups groups) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var number = context.Variables.GetValueOrDefault("recordNumber") as string ?? ChangeHandlerInputs.Number(context);
        var change = await changes.FindAsync(number, cancellationToken);
        var members = await groups.MembersOfAsync([ChangeService.DefaultGroup], cancellationToken);
        List<object?> approvers = members.Count > 0 ? [.. members.Order(StringComparer.Ordinal)] : [change.OpenedBy];
        return ServiceTaskResult.With(("approvers", approvers), ("approvalDecided", false), ("approvalOutcome", null));
    }
}
