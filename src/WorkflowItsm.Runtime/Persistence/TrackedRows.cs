using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace WorkflowItsm.Runtime.Persistence;

/// <summary>
/// The rows a context tracks, read without the scan for changes that <c>ChangeTracker.Entries</c> and
/// <c>DbSet.Local</c> make first. A trigger looks for rows it added or removed, which the explicit Add and Remove
/// calls mark at once, or reads the rows' own values; the closing save scans anyway, so a trigger scans once.
/// (Without a scan a changed row still reads as Unchanged: do not ask these entries for Modified.)
/// </summary>
internal static class TrackedRows
{
    public static List<EntityEntry<TRow>> WithoutScan<TRow>(DbContext db)
        where TRow : class
    {
        var detects = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return [.. db.ChangeTracker.Entries<TRow>()];
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detects;
        }
    }
}
