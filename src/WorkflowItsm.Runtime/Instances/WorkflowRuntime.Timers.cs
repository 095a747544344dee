using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Runtime.HumanTasks;

namespace WorkflowItsm.Runtime.Instances;

/// <summary>Timer triggers: fired by their Hangfire job, or by the reconciliation job when the job was lost.</summary>
public sealed partial class WorkflowRuntime
{
    /// <summary>
    /// Fires a timer bookmark, never before its due moment. Idempotent: a bookmark that is gone does nothing.
    /// Hangfire keeps scheduled moments in whole seconds and may run a job up to a second early, so a timer not
    /// yet due waits for its moment here (a short wait) or is scheduled again (a long one: another host's clock).
    /// </summary>
    public async Task FireTimerAsync(string bookmarkId, CancellationToken cancellationToken)
    {
        var dueAt = await db.Bookmarks.AsNoTracking().Where(b => b.Id == bookmarkId).Select(b => b.DueAt).FirstOrDefaultAsync(cancellationToken);
        if (dueAt is { } due && due > Now)
        {
            if (due - Now <= MaxTimerWait)
            {
                await Task.Delay(due - Now, time, cancellationToken);
            }

            if (due > Now)
            {
                timers.Schedule(bookmarkId, new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc)));
                return;
            }
        }

        try
        {
            await WithRetryAsync(async () =>
            {
                var bookmark = await db.Bookmarks.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bookmarkId, cancellationToken);
                if (bookmark is null || bookmark.Kind != nameof(BookmarkKind.Timer) || bookmark.DueAt > Now)
                {
                    return (null, AfterCommit.Nothing);
                }

                var (instance, process, state) = await LoadAsync(bookmark.InstanceId, cancellationToken);
                if (instance.IsSuspended)
                {
                    return (null, AfterCommit.Nothing); // fired by the reconciliation job once resumed
                }

                var result = await engine.TriggerAsync(process, state, new TimerFired(bookmarkId), cancellationToken);
                return (instance, await ApplyAsync(instance, result, cancellationToken));
            }, cancellationToken);
        }
        catch (TriggerRejectedException)
        {
            // The instance moved on (the bookmark left the state in the same moment): nothing to fire.
        }
    }

    /// <summary>How early a timer job may run and still wait for its moment in place.</summary>
    private static readonly TimeSpan MaxTimerWait = TimeSpan.FromSeconds(3);

    /// <summary>Fires timers overdue by more than <paramref name="grace"/> whose job did not run.</summary>
    public async Task<int> FireOverdueTimersAsync(TimeSpan grace, int limit, CancellationToken cancellationToken)
    {
        var overdue = Now - grace;
        var due = await db.Bookmarks.AsNoTracking()
            .Where(b => b.Kind == nameof(BookmarkKind.Timer) && b.DueAt <= overdue)
            .Where(b => !db.ProcessInstances.Any(i => i.Id == b.InstanceId && i.IsSuspended))
            .OrderBy(b => b.DueAt)
            .Select(b => b.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);
        foreach (var bookmarkId in due)
        {
            db.ChangeTracker.Clear();
            await FireTimerAsync(bookmarkId, cancellationToken);
        }

        return due.Count;
    }
}
