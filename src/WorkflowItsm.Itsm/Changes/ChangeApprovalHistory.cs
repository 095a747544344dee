using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Changes;

/// <summary>Whether a change has been put to approval (then its type is fixed).</summary>
public sealed class ChangeApprovalHistory(ItsmDbContext db)
{
    /// <summary>An approval was asked for the change, whatever became of it (a rejected change back in New keeps its type).</summary>
    public Task<bool> AnyApprovalAsync(Change change, CancellationToken cancellationToken) =>
        db.Approvals.AsNoTracking().AnyAsync(a => a.RecordNumber == change.Number, cancellationToken);
}
