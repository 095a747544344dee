using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Approvals;

/// <summary>
/// Told by the approval engine when an approval is decided (approved, rejected, or cancelled), before the save and
/// inside the same unit of work, so what it records commits with the deciding vote or not at all. A practice whose
/// record moves on its approval without a workflow (a change freeze is enforced) or that keeps decisions of its own
/// (a CAB meeting's agenda) observes; each looks only at the records of its kind.
/// </summary>
public interface IApprovalDecisionObserver
{
    /// <param name="record">The approved record, tracked.</param>
    /// <param name="by">Who decided: the voter whose vote settled it, or "workflow" for a due action.</param>
    Task ApprovalDecidedAsync(Approval approval, Record record, string by, CancellationToken cancellationToken);
}
