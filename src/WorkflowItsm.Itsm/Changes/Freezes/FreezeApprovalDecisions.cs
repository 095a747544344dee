using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Changes.Freezes;

/// <summary>
/// A freeze awaiting approval moves on its approval's decision: approved, it is enforced (by the approver whose vote
/// settled it) and holds the changes it covers; rejected, it goes back to draft with the reason in its notes.
/// </summary>
public sealed class FreezeApprovalDecisions(FreezeHolds holds, RecordHistory history) : IApprovalDecisionObserver
{
    public async Task ApprovalDecidedAsync(Approval approval, Record record, string by, CancellationToken cancellationToken)
    {
        if (record is not ChangeFreeze { State: ChangeFreezeState.AwaitingApproval } freeze || approval.RuleKey != ChangeFreezes.ApprovalRule)
        {
            return;
        }

        if (approval.State == ApprovalState.Approved)
        {
            await holds.EnforceAsync(freeze, by, cancellationToken);
        }
        else if (approval.State == ApprovalState.Rejected)
        {
            ChangeFreezes.Move(history, freeze, ChangeFreezeState.Draft, by);
        }
    }
}
