using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.Instances;

/// <summary>
/// Writes the bookmarks a trigger added, and deletes those it removed, as one statement each inside the trigger's open
/// transaction, instead of EF Core's one statement per row (a user task with an SLA timer makes two bookmarks and
/// removes two; on SQLite each row was a statement of its own, run while the trigger holds the write gate).
/// A removed bookmark is deleted only while no external worker holds it (its <see cref="BookmarkRecord.LockOwner"/> is
/// a concurrency token): when a row is missing or was locked meanwhile the trigger fails with the same
/// <see cref="DbUpdateConcurrencyException"/> EF Core throws, and the runtime starts it over.
/// SQLite only: a server database already gets a save's statements from EF Core as one batch (one round trip), and
/// there two statements of their own would add two.
/// </summary>
internal static class BookmarkBatch
{
    /// <summary>Fifteen parameters a row: 100 rows stay under SQL Server's 2,100 parameters.</summary>
    private const int RowsPerStatement = 100;

    /// <summary>
    /// Deletes the removed bookmarks no worker held and takes the added ones out of EF Core's save (they stay tracked,
    /// as saved rows are); <see cref="InsertAsync"/> writes those after the save, once their instance row exists.
    /// Does nothing without an open transaction (then EF Core's save keeps the rows atomic with the rest).
    /// </summary>
    public static async Task<IReadOnlyList<BookmarkRecord>> DeleteRemovedAndHoldAddedAsync(WorkflowDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null || db.Database.ProviderName != TriggerTransaction.SqliteProvider)
        {
            return [];
        }

        var entries = TrackedRows.WithoutScan<BookmarkRecord>(db);
        var removed = entries.Where(e => e.State == EntityState.Deleted && e.OriginalValues.GetValue<string?>(nameof(BookmarkRecord.LockOwner)) is null).ToList();
        foreach (var chunk in removed.Chunk(RowsPerStatement))
        {
            await DeleteAsync(db, chunk, cancellationToken);
        }

        var added = entries.Where(e => e.State == EntityState.Added).ToList();
        foreach (var entry in added)
        {
            entry.State = EntityState.Unchanged;
        }

        return added.Select(e => e.Entity).ToList();
    }

    /// <summary>Inserts the bookmarks <see cref="DeleteRemovedAndHoldAddedAsync"/> held back, after the save wrote their instance.</summary>
    public static async Task InsertAsync(WorkflowDbContext db, IReadOnlyList<BookmarkRecord> added, CancellationToken cancellationToken)
    {
        if (added.Count == 0)
        {
            return;
        }

        var entity = db.Model.FindEntityType(typeof(BookmarkRecord))!;
        await RowBatch.InsertAsync(db, entity, entity.GetProperties().ToArray(), added, RowsPerStatement, "b", statementPerRow: false, cancellationToken);
    }

    private static async Task DeleteAsync(WorkflowDbContext db, EntityEntry<BookmarkRecord>[] rows, CancellationToken cancellationToken)
    {
        var entity = db.Model.FindEntityType(typeof(BookmarkRecord))!;
        var sql = db.GetService<ISqlGenerationHelper>();
        var id = entity.FindProperty(nameof(BookmarkRecord.Id))!;
        var lockOwner = entity.FindProperty(nameof(BookmarkRecord.LockOwner))!;

        await using var factory = db.Database.GetDbConnection().CreateCommand();
        var (text, parameters) = RowBatch.DeleteWhereIn(db, factory, entity, id, rows.Select(row => (object)row.Entity.Id));
        text.Append(" AND ").Append(sql.DelimitIdentifier(lockOwner.GetColumnName())).Append(" IS NULL");
        var deleted = await db.Database.ExecuteSqlRawAsync(text.ToString(), parameters, cancellationToken);
        if (deleted != rows.Length)
        {
            throw new DbUpdateConcurrencyException(
                $"{rows.Length - deleted} of {rows.Length} bookmarks to remove ({string.Join(", ", rows.Select(r => r.Entity.Id))}) were gone or locked by a worker meanwhile.");
        }

        foreach (var row in rows)
        {
            row.State = EntityState.Detached;
        }
    }
}
