using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using WorkflowItsm.Runtime.Journal;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.Instances;

/// <summary>
/// On PostgreSQL a trigger does not read the bookmarks it removes: it deletes them by id in the command that writes its
/// journal lines, and the DELETE's RETURNING gives the job ids to cancel after the commit. A completion read its two
/// bookmarks (the task's wait and its SLA timer) in a round trip of their own before; now the journal's round trip
/// carries them.
/// </summary>
/// <remarks>
/// The outcome is the read's: a row already gone is no error (the read did not find it), and a row is deleted whoever
/// holds it (the read's tracked delete matched the lock it had just read). Only rows not already tracked are left
/// unread; a row the trigger also re-arms (a cycle timer) is read as before. Other providers read them: SQLite has no
/// round trip to save, and SQL Server's OUTPUT clause cannot be tested on these machines.
/// </remarks>
internal static class UnreadBookmarkDeletes
{
    /// <summary>
    /// Whether a trigger on <paramref name="db"/> may leave its removed bookmarks unread: on PostgreSQL, inside a
    /// transaction, so the delete commits or rolls back with everything else the trigger writes.
    /// </summary>
    public static bool Apply(WorkflowDbContext db) => db.Database.ProviderName == TriggerTransaction.NpgsqlProvider && db.Database.CurrentTransaction is not null;

    /// <summary>
    /// Deletes the bookmarks <paramref name="ids"/> and writes the journal lines waiting in the tracker, in one command;
    /// adds the deleted rows' job ids to <paramref name="jobsToCancel"/>. Without ids, writes the journal alone.
    /// </summary>
    public static async Task DeleteWithJournalAsync(WorkflowDbContext db, IReadOnlyCollection<string> ids, List<string> jobsToCancel, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            await JournalBatch.WriteAddedAsync(db, cancellationToken);
            return;
        }

        var bookmarks = db.Model.FindEntityType(typeof(BookmarkRecord))!;
        var jobId = bookmarks.FindProperty(nameof(BookmarkRecord.JobId))!;
        await using var factory = db.Database.GetDbConnection().CreateCommand();
        var (text, parameters) = RowBatch.DeleteWhereIn(db, factory, bookmarks, bookmarks.FindProperty(nameof(BookmarkRecord.Id))!, ids);
        text.Append(" RETURNING ").Append(db.GetService<ISqlGenerationHelper>().DelimitIdentifier(jobId.GetColumnName()));

        var lines = JournalBatch.Waiting(db);
        var journal = lines.Count == 0 ? [] : JournalBatch.Statements(db, factory, lines).ToList();
        // One statement's parameters are named per statement: a journal of more than one (over 200 lines) goes on its own.
        var journalAlong = journal.Count == 1;
        if (journalAlong)
        {
            text.Append(";\n").Append(journal[0].Text);
            parameters.AddRange(journal[0].Parameters);
        }

        await ReadJobIdsAsync(db, text.ToString(), parameters, jobsToCancel, cancellationToken);
        if (journalAlong)
        {
            JournalBatch.Written(lines);
        }
        else
        {
            await JournalBatch.WriteAddedAsync(db, cancellationToken);
        }
    }

    /// <summary>Sends the command through EF Core, as <c>ExecuteSqlRaw</c> does (its logging and interceptors see it), reading the first result's job ids.</summary>
    private static async Task ReadJobIdsAsync(WorkflowDbContext db, string text, List<DbParameter> parameters, List<string> jobsToCancel, CancellationToken cancellationToken)
    {
        var command = db.GetService<IRawSqlCommandBuilder>().Build(text, parameters, db.Model);
        await using var reader = await command.RelationalCommand.ExecuteReaderAsync(
            new RelationalCommandParameterObject(db.GetService<IRelationalConnection>(), command.ParameterValues, null, db,
                db.GetService<IRelationalCommandDiagnosticsLogger>(), CommandSource.ExecuteSqlRaw),
            cancellationToken);
        var rows = reader.DbDataReader;
        while (await rows.ReadAsync(cancellationToken))
        {
            if (!await rows.IsDBNullAsync(0, cancellationToken))
            {
                jobsToCancel.Add(rows.GetString(0));
            }
        }

        // The journal's statement: an error in it surfaces here, not silently at the reader's disposal.
        while (await rows.NextResultAsync(cancellationToken))
        {
        }
    }
}
