using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Runtime.HumanTasks;

namespace WorkflowItsm.Runtime.Instances;

/// <summary>Timer triggers: fired by their Hangfire job, or by the reconciliation job when the job was lost.</summary>
public sealed partial class WorkflowRuntime
{
    /// <summary>Fires a timer bookmark. Idempotent: a bookmark that is gone or not yet due does nothing.</summary>
    public async Task FireTimerAsync(string bookmarkId, CancellationToken cancellationToken)
    {
        try
        {
            await WithRetryAsync(async () =>
            {
                var bookmark = await db.Bookmarks.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bookmarkId, cancellationToken);
                if (bookmark is null || bookmark.Kind != nameof(BookmarkKind.Timer) || bookmark.DueAt > Now.AddSeconds(1))
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
