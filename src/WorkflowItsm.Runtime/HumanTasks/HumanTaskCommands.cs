using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Journal;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.HumanTasks;

/// <summary>
/// What agents do with a task before completing it: claim, unclaim, assign, delegate, comment. Each is one
/// transaction with the task's concurrency token, so two agents claiming at once cannot both win.
/// </summary>
public sealed class HumanTaskCommands(WorkflowDbContext db, TimeProvider time, WorkflowEvents events)
{
    public const int MaxCommentLength = 4000;

    /// <exception cref="RuntimeConflictException">Someone else holds the task, or it is no longer open.</exception>
    public async Task<HumanTaskRecord> ClaimAsync(string taskId, string user, CancellationToken cancellationToken) =>
        await TellAssignedAsync(await ClaimStatement.TryAsync(db, taskId, user, time.GetUtcNow().UtcDateTime, cancellationToken) ?? await ChangeAsync(taskId, user, "TaskClaimed", task =>
        {
            if (task.Assignee is not null && task.Assignee != user)
            {
                throw new RuntimeConflictException($"Task '{taskId}' is already claimed by {task.Assignee}.");
            }

            task.Assignee = user;
            return user;
        }, cancellationToken), user, cancellationToken);

    public Task<HumanTaskRecord> UnclaimAsync(string taskId, string user, CancellationToken cancellationToken) =>
        ChangeAsync(taskId, user, "TaskUnclaimed", task =>
        {
            task.Assignee = null;
            task.Owner = null;
            return null;
        }, cancellationToken);

    /// <summary>Gives the task to a person (or back to its candidates when <paramref name="assignee"/> is null).</summary>
    public async Task<HumanTaskRecord> AssignAsync(string taskId, string? assignee, string by, CancellationToken cancellationToken) =>
        await TellAssignedAsync(await ChangeAsync(taskId, by, "TaskAssigned", task =>
        {
            task.Assignee = string.IsNullOrWhiteSpace(assignee) ? null : assignee.Trim();
            return task.Assignee;
        }, cancellationToken), by, cancellationToken);

    /// <summary>Hands the task to <paramref name="delegate"/> while its owner stays responsible (Camunda's delegation).</summary>
    public async Task<HumanTaskRecord> DelegateAsync(string taskId, string @delegate, string by, CancellationToken cancellationToken) =>
        await TellAssignedAsync(await ChangeAsync(taskId, by, "TaskDelegated", task =>
        {
            task.Owner ??= task.Assignee ?? by;
            task.Assignee = @delegate.Trim();
            return task.Assignee;
        }, cancellationToken), by, cancellationToken);

    /// <summary>After the commit: the event sink hears who holds the task now (a claim is the holder taking it).</summary>
    private async Task<HumanTaskRecord> TellAssignedAsync(HumanTaskRecord task, string by, CancellationToken cancellationToken)
    {
        if (task.Assignee is not null)
        {
            await events.TaskAssignedAsync(task, by, cancellationToken);
        }

        return task;
    }

    /// <summary>Offers the task to <paramref name="group"/> instead of its candidate groups; nobody holds it afterwards.</summary>
    /// <exception cref="ArgumentException">The group name is empty or too long.</exception>
    public Task<HumanTaskRecord> AssignToGroupAsync(string taskId, string group, string by, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(group) || group.Trim().Length > 200)
        {
            throw new ArgumentException("Name the group (up to 200 characters).", nameof(group));
        }

        var name = group.Trim();
        return ChangeAsync(taskId, by, "TaskAssignedToGroup", task =>
        {
            task.Candidates.RemoveAll(c => c.Kind == HumanTaskCandidate.GroupKind);
            task.Candidates.Add(new HumanTaskCandidate { TaskId = task.Id, Kind = HumanTaskCandidate.GroupKind, Name = name });
            task.CandidateGroups = name;
            task.Assignee = null;
            task.Owner = null;
            return name;
        }, cancellationToken, withCandidates: true);
    }

    /// <summary>Moves the task's due date (null: none), e.g. when the service-level target of the record behind it moved.</summary>
    /// <exception cref="RuntimeConflictException">The task is no longer open, or changed at the same moment.</exception>
    public Task<HumanTaskRecord> SetDueDateAsync(string taskId, DateTime? dueDate, string by, CancellationToken cancellationToken) =>
        ChangeAsync(taskId, by, "TaskDueDateChanged", task =>
        {
            task.DueDate = dueDate;
            return DueDetail(dueDate);
        }, cancellationToken);

    /// <summary>
    /// Moves the due dates of many tasks in one transaction (a calendar change moves thousands of SLA targets at once).
    /// Tasks no longer open are left out; when another change to one of them commits first, each is tried on its own.
    /// </summary>
    /// <returns>How many tasks got a new due date.</returns>
    public async Task<int> SetDueDatesAsync(IReadOnlyDictionary<string, DateTime?> dueDates, string by, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var ids = dueDates.Keys.ToList();
        var tasks = await db.HumanTasks.Where(t => ids.Contains(t.Id) && t.Status == HumanTaskStatus.Open).ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var moved = 0;
        foreach (var task in tasks.Where(t => t.DueDate != dueDates[t.Id]))
        {
            task.DueDate = dueDates[task.Id];
            task.Revision++;
            db.Journal.Add(new JournalRecord { InstanceId = task.InstanceId, At = now, Kind = "TaskDueDateChanged", ElementId = task.ElementId, UserId = by, Detail = DueDetail(task.DueDate) });
            moved++;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return moved;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            moved = 0;
            foreach (var id in tasks.Select(t => t.Id))
            {
                try
                {
                    var before = await db.HumanTasks.AsNoTracking().Where(t => t.Id == id).Select(t => t.DueDate).FirstAsync(cancellationToken);
                    if (before != dueDates[id])
                    {
                        await SetDueDateAsync(id, dueDates[id], by, cancellationToken);
                        moved++;
                    }
                }
                catch (Exception skipped) when (skipped is RuntimeConflictException or RuntimeNotFoundException or InvalidOperationException)
                {
                    // Completed, or changed again at this very moment: its record's next change brings it in step.
                }
            }

            return moved;
        }
    }

    private static string DueDetail(DateTime? dueDate) => dueDate?.ToString("O", CultureInfo.InvariantCulture) ?? "no due date";

    /// <exception cref="ArgumentException">The text is empty or too long.</exception>
    public async Task<HumanTaskComment> AddCommentAsync(string taskId, string author, string text, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxCommentLength)
        {
            throw new ArgumentException($"A comment has 1 to {MaxCommentLength} characters.", nameof(text));
        }

        var task = await db.HumanTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken)
            ?? throw new RuntimeNotFoundException($"No task with id '{taskId}'.");
        var comment = new HumanTaskComment { TaskId = taskId, Author = author, Text = text.Trim(), At = time.GetUtcNow().UtcDateTime };
        db.HumanTaskComments.Add(comment);
        db.Journal.Add(new JournalRecord { InstanceId = task.InstanceId, At = comment.At, Kind = "TaskCommented", ElementId = task.ElementId, UserId = author });
        await db.SaveChangesAsync(cancellationToken);
        return comment;
    }

    public async Task<IReadOnlyList<HumanTaskComment>> ListCommentsAsync(string taskId, CancellationToken cancellationToken)
    {
        if (!await db.HumanTasks.AnyAsync(t => t.Id == taskId, cancellationToken))
        {
            throw new RuntimeNotFoundException($"No task with id '{taskId}'.");
        }

        return await db.HumanTaskComments.AsNoTracking().Where(c => c.TaskId == taskId).OrderBy(c => c.Id).ToListAsync(cancellationToken);
    }

    /// <param name="withCandidates">Load the candidate rows too (only a change of candidates needs them; claims stay one-table reads).</param>
    private async Task<HumanTaskRecord> ChangeAsync(string taskId, string by, string journalKind, Func<HumanTaskRecord, string?> change, CancellationToken cancellationToken,
        bool withCandidates = false)
    {
        db.ChangeTracker.Clear();
        var task = (withCandidates
                ? await db.HumanTasks.Include(t => t.Candidates).FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken)
                : await HotQueries.For(db).Task(db, taskId, cancellationToken))
            ?? throw new RuntimeNotFoundException($"No task with id '{taskId}'.");
        if (task.Status != HumanTaskStatus.Open)
        {
            throw new RuntimeConflictException($"Task '{taskId}' is {task.Status.ToString().ToLowerInvariant()}.");
        }

        var detail = change(task);
        task.Revision++;
        db.Journal.Add(new JournalRecord
        {
            InstanceId = task.InstanceId, At = time.GetUtcNow().UtcDateTime, Kind = journalKind, ElementId = task.ElementId, UserId = by, Detail = detail,
        });
        try
        {
            // Opened only for the write: on the embedded database it queues with the workflow triggers of this process
            // (TriggerTransaction) instead of polling for SQLite's write lock while a trigger holds it.
            await using var transaction = await TriggerTransaction.BeginAsync(db, cancellationToken);
            await TriggerTransaction.SaveClosingAsync(transaction, db, () => db.SaveChangesAsync(cancellationToken));
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new RuntimeConflictException($"Task '{taskId}' was changed by someone else at the same moment; reload it and try again.", ex);
        }

        return task;
    }
}
