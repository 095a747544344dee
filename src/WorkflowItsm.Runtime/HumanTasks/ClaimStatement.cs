using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Journal;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.HumanTasks;

/// <summary>
/// A claim on PostgreSQL as one statement, one round trip: the task's conditional update (open, and nobody else holds
/// it) and its journal line, in one data-modifying CTE that PostgreSQL runs atomically. The read, the update and the
/// commit of the general path were three. When no row qualifies the caller takes the general path, which reads the
/// task and says precisely why (no such task, not open, someone else holds it), so errors are unchanged.
/// </summary>
/// <remarks>
/// A claim is none of what the save's interceptors capture (webhooks hear tasks made and completed, mails hear
/// comments), so writing it outside <c>SaveChanges</c> loses nothing. Other providers take the general path: SQLite has
/// no data-modifying CTE and no round trip to save; SQL Server cannot be tested on these machines.
/// </remarks>
internal static class ClaimStatement
{
    /// <summary>The claimed task, tracked as saved; null when the statement does not apply or no row qualified.</summary>
    public static async Task<HumanTaskRecord?> TryAsync(WorkflowDbContext db, string taskId, string user, DateTime now, CancellationToken cancellationToken)
    {
        if (db.Database.ProviderName != TriggerTransaction.NpgsqlProvider)
        {
            return null;
        }

        db.ChangeTracker.Clear();
        var sql = db.GetService<ISqlGenerationHelper>();
        var tasks = db.Model.FindEntityType(typeof(HumanTaskRecord))!;
        var journal = db.Model.FindEntityType(typeof(JournalRecord))!;
        string Column(IEntityType entity, string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName());
        string TaskColumn(string property) => Column(tasks, property);
        string LineColumn(string property) => Column(journal, property);

        var text =
            $"WITH claimed AS (UPDATE {RowBatch.Table(tasks, sql)} SET {TaskColumn(nameof(HumanTaskRecord.Assignee))} = @user, " +
            $"{TaskColumn(nameof(HumanTaskRecord.Revision))} = {TaskColumn(nameof(HumanTaskRecord.Revision))} + 1 " +
            $"WHERE {TaskColumn(nameof(HumanTaskRecord.Id))} = @id AND {TaskColumn(nameof(HumanTaskRecord.Status))} = @open " +
            $"AND ({TaskColumn(nameof(HumanTaskRecord.Assignee))} IS NULL OR {TaskColumn(nameof(HumanTaskRecord.Assignee))} = @user) RETURNING *), " +
            $"line AS (INSERT INTO {RowBatch.Table(journal, sql)} ({LineColumn(nameof(JournalRecord.InstanceId))}, {LineColumn(nameof(JournalRecord.At))}, " +
            $"{LineColumn(nameof(JournalRecord.Kind))}, {LineColumn(nameof(JournalRecord.ElementId))}, {LineColumn(nameof(JournalRecord.UserId))}, {LineColumn(nameof(JournalRecord.Detail))}) " +
            $"SELECT {TaskColumn(nameof(HumanTaskRecord.InstanceId))}, @at, @kind, {TaskColumn(nameof(HumanTaskRecord.ElementId))}, @user, @user FROM claimed) " +
            "SELECT * FROM claimed";

        await using var factory = db.Database.GetDbConnection().CreateCommand();
        DbParameter Parameter(IEntityType entity, string property, string name, object? value) =>
            entity.FindProperty(property)!.GetRelationalTypeMapping().CreateParameter(factory, name, value);
        object[] parameters =
        [
            Parameter(tasks, nameof(HumanTaskRecord.Assignee), "user", user),
            Parameter(tasks, nameof(HumanTaskRecord.Id), "id", taskId),
            Parameter(tasks, nameof(HumanTaskRecord.Status), "open", HumanTaskStatus.Open),
            Parameter(journal, nameof(JournalRecord.At), "at", now),
            Parameter(journal, nameof(JournalRecord.Kind), "kind", "TaskClaimed"),
        ];

        // Not composed with anything, so EF Core sends the statement as written; tracked, as the general path's saved row is.
        var claimed = await db.HumanTasks.FromSqlRaw(text, parameters).ToListAsync(cancellationToken);
        return claimed.SingleOrDefault();
    }
}
