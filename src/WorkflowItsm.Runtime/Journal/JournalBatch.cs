using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.Journal;

/// <summary>
/// Writes the journal lines a trigger added as one statement per <see cref="RowsPerStatement"/> lines, inside the
/// trigger's open transaction, instead of EF Core's one INSERT … RETURNING per line (a lifecycle writes about twenty;
/// on SQLite each was a statement of its own). The lines are then detached, so the save that follows writes only
/// the instance, bookmarks and tasks; when it fails the transaction rolls the lines back with everything else.
/// </summary>
internal static class JournalBatch
{
    /// <summary>Eight parameters a line: 200 lines stay under SQL Server's 2,100 parameters.</summary>
    private const int RowsPerStatement = 200;

    private static readonly string[] Columns =
    [
        nameof(JournalRecord.InstanceId), nameof(JournalRecord.At), nameof(JournalRecord.Kind), nameof(JournalRecord.ElementId),
        nameof(JournalRecord.TokenId), nameof(JournalRecord.ScopeId), nameof(JournalRecord.UserId), nameof(JournalRecord.Detail),
    ];

    /// <summary>
    /// Inserts and detaches the journal lines waiting in <paramref name="db"/>'s change tracker. Does nothing without an
    /// open transaction (then EF Core's save keeps them atomic with the rest).
    /// </summary>
    public static async Task WriteAddedAsync(WorkflowDbContext db, CancellationToken cancellationToken)
    {
        var added = Waiting(db);
        if (added.Count == 0)
        {
            return;
        }

        await using var factory = db.Database.GetDbConnection().CreateCommand();
        await RowBatch.ExecuteAsync(db, Statements(db, factory, added), cancellationToken);
        Written(added);
    }

    /// <summary>The lines waiting to be written by this class: none without an open transaction.</summary>
    public static List<EntityEntry<JournalRecord>> Waiting(WorkflowDbContext db) =>
        db.Database.CurrentTransaction is null ? [] : TrackedRows.WithoutScan<JournalRecord>(db).Where(e => e.State == EntityState.Added).ToList();

    /// <summary>The statements that insert <paramref name="lines"/>, for a caller that sends them with a statement of its own.</summary>
    public static IEnumerable<(string Text, List<DbParameter> Parameters)> Statements(WorkflowDbContext db, DbCommand factory, IReadOnlyList<EntityEntry<JournalRecord>> lines)
    {
        var entity = db.Model.FindEntityType(typeof(JournalRecord))!;
        // SQL Server does not promise identity values in the order of a multi-row VALUES list; separate statements in one command do.
        return RowBatch.InsertStatements(db, factory, entity, Columns.Select(c => entity.FindProperty(c)!).ToArray(), lines.Select(e => e.Entity), RowsPerStatement, "j",
            statementPerRow: db.Database.ProviderName?.Contains("SqlServer", StringComparison.Ordinal) == true);
    }

    /// <summary>Detaches written lines, so the save that follows leaves them alone.</summary>
    public static void Written(IEnumerable<EntityEntry<JournalRecord>> lines)
    {
        foreach (var entry in lines)
        {
            entry.State = EntityState.Detached;
        }
    }
}
