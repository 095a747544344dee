namespace WorkflowItsm.Itsm.Approvals;

/// <summary>Planned for an approval's due date: applies the rule's due action (idempotent: a decided approval is left alone).</summary>
public sealed class ApprovalDueJob(ApprovalService approvals)
{
    public Task RunAsync(string approvalId, CancellationToken cancellationToken) => approvals.ApplyDueAsync(approvalId, cancellationToken);
}
