using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace WorkflowItsm.Itsm.Persistence;

/// <summary>The entities of a type added to a unit of work, for save interceptors that run on every save.</summary>
internal static class AddedEntries
{
    /// <summary>
    /// The <typeparamref name="T"/> entities in the Added state, found without a scan for changes: an added entity is
    /// tracked as added the moment it is added, and the save scans for changes once itself (asking the change tracker
    /// for its entries would scan every tracked entity a second time on every save).
    /// </summary>
    public static List<T> Of<T>(ChangeTracker tracker) where T : class
    {
        var detecting = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            return [.. tracker.Entries<T>().Where(e => e.State == Microsoft.EntityFrameworkCore.EntityState.Added).Select(e => e.Entity)];
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detecting;
        }
    }
}
