using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Changes;

/// <summary>Whether a change has been put to approval (then its type is fixed).</summary>
public sealed class ChangeApprovalHistory(ItsmDbContext db)
{
    /// <summary>
    /// Until the approval engine is merged, "an approval exists" is read from the audit: the change once reached Assess
    /// or Authorize (where approvals are asked for). The one place to switch to the approvals table.
    /// </summary>
    public Task<bool> AnyApprovalAsync(Change change, CancellationToken cancellationToken) =>
        db.RecordAudit.AsNoTracking().AnyAsync(a => a.RecordNumber == change.Number && a.Field == "state"
            && (a.NewValue == nameof(ChangeState.Assess) || a.NewValue == nameof(ChangeState.Authorize)), cancellationToken);
}
