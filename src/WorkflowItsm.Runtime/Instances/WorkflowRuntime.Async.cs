using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.State;

namespace WorkflowItsm.Runtime.Instances;

/// <summary>
/// Async continuations (<c>camunda:asyncBefore</c>/<c>asyncAfter</c>): the engine parks the token on a bookmark, the
/// runtime enqueues a job after the commit, and the job continues the token in a transaction of its own.
/// </summary>
public sealed partial class WorkflowRuntime
{
    /// <summary>
    /// Runs an async continuation. Idempotent: a bookmark that is gone (the job ran already, or the instance moved
    /// on) does nothing; one of a suspended instance waits for reconciliation after the resume.
    /// </summary>
    public async Task ContinueAsync(string bookmarkId, CancellationToken cancellationToken)
    {
        try
        {
            await WithRetryAsync(async () =>
            {
                var bookmark = await db.Bookmarks.FirstOrDefaultAsync(b => b.Id == bookmarkId, cancellationToken);
                if (bookmark is null || bookmark.Kind != nameof(BookmarkKind.AsyncContinuation))
                {
                    return (null, AfterCommit.Nothing);
                }

                var (instance, process, state) = await LoadAsync(bookmark.InstanceId, cancellationToken);
                if (instance.IsSuspended)
                {
                    return (null, AfterCommit.Nothing);
                }

                // This job is the bookmark's job: removing the bookmark must not delete the job that is running.
                bookmark.JobId = null;
                var result = await engine.TriggerAsync(process, state, new AsyncContinuationDue(bookmarkId), cancellationToken);
                return (instance, await ApplyAsync(instance, result, cancellationToken));
            }, cancellationToken);
        }
        catch (TriggerRejectedException)
        {
            // The instance ended or the token left in the same moment: nothing to continue.
        }
    }

    /// <summary>
    /// Enqueues again async continuations and due retries older than <see cref="RuntimeOptions.LostJobGrace"/> whose
    /// job is not pending any more (lost between commit and enqueueing, deleted, or held by a host that died while running
    /// it: Hangfire would hand such a job out again only after its invisibility timeout, half an hour by default). Returns how many were enqueued.
    /// </summary>
    public async Task<int> RequeueLostAsyncJobsAsync(int limit, CancellationToken cancellationToken)
    {
        var cutoff = Now - options.LostJobGrace;
        var requeued = 0;
        var parked = await db.Bookmarks.AsNoTracking()
            .Where(b => b.Kind == nameof(BookmarkKind.AsyncContinuation) && b.CreatedAt <= cutoff)
            .Where(b => !db.ProcessInstances.Any(i => i.Id == b.InstanceId && i.IsSuspended))
            .OrderBy(b => b.CreatedAt)
            .Select(b => new { b.Id, b.JobId })
            .Take(limit)
            .ToListAsync(cancellationToken);
        foreach (var bookmark in parked.Where(b => b.JobId is null || !continuations.IsPending(b.JobId, options.LostJobGrace)))
        {
            await AfterCommit.RememberJobAsync(db, bookmark.Id, continuations.Enqueue(bookmark.Id), cancellationToken);
            requeued++;
        }

        var retries = await db.Faults.AsNoTracking()
            .Where(f => f.ResolvedAt == null && f.NextRetryAt <= cutoff)
            .Where(f => !db.ProcessInstances.Any(i => i.Id == f.InstanceId && i.IsSuspended))
            .OrderBy(f => f.NextRetryAt)
            .Select(f => new { f.Id, f.JobId })
            .Take(limit)
            .ToListAsync(cancellationToken);
        foreach (var fault in retries.Where(f => f.JobId is null || !continuations.IsPending(f.JobId, options.LostJobGrace)))
        {
            var jobId = continuations.ScheduleRetry(fault.Id, time.GetUtcNow());
            await db.Faults.Where(f => f.Id == fault.Id).ExecuteUpdateAsync(set => set.SetProperty(f => f.JobId, jobId), cancellationToken);
            requeued++;
        }

        return requeued;
    }
}
