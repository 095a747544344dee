using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Changes.Cab;

/// <summary>
/// The board votes on each change through the approval engine (its members on the meeting page, or anywhere else):
/// when a change's approval is approved or rejected, the agenda item of a planned or running meeting that still
/// awaits it takes the outcome, in the deciding vote's transaction.
/// </summary>
public sealed class CabVoteDecisions(ItsmDbContext db) : IApprovalDecisionObserver
{
    public async Task ApprovalDecidedAsync(Approval approval, Record record, string by, CancellationToken cancellationToken)
    {
        if (record is not Change || approval.State is not (ApprovalState.Approved or ApprovalState.Rejected))
        {
            return;
        }

        var items = await db.CabMeetings
            .Where(m => m.State == CabMeetingState.InProgress || m.State == CabMeetingState.Planned)
            .SelectMany(m => m.Items)
            .Where(i => i.ChangeNumber == record.Number && i.Decision == CabDecision.Pending)
            .ToListAsync(cancellationToken);
        foreach (var item in items)
        {
            item.TakeVotedOutcome(approval.State == ApprovalState.Approved, approval.DecidedAt!.Value, approval.RuleName, approval.Outcome);
        }
    }
}
