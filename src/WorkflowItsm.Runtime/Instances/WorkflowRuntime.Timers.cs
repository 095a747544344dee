using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Timers;

namespace WorkflowItsm.Runtime.Instances;

/// <summary>
/// Timer triggers. The bookmark row is the truth for every timer; only timers due within
/// <see cref="RuntimeOptions.TimerHorizon"/> have a job in the job engine (scheduled after the commit that made them,
/// or handed over by the timer pump when they come near). Fired by that job, or by the pump's overdue sweep when the
/// job was lost.
/// </summary>
public sealed partial class WorkflowRuntime
{
    /// <summary>
    /// Fires a timer bookmark, never before its due moment. Idempotent: a bookmark that is gone does nothing.
    /// Hangfire keeps scheduled moments in whole seconds and may run a job up to a second early, so a timer not
    /// yet due waits for its moment here (a short wait) or is scheduled again (a long one: another host's clock).
    /// A timer whose due moment moved beyond the horizon is not scheduled again: its job id is cleared, and the timer
    /// pump hands it over when it comes near.
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

            if (due - Now > options.TimerHorizon)
            {
                // Only if the due moment is still the one read: a timer moved again meanwhile has its own job.
                await db.Bookmarks.Where(b => b.Id == bookmarkId && b.DueAt == due)
                    .ExecuteUpdateAsync(set => set.SetProperty(b => b.JobId, (string?)null), cancellationToken);
                return;
            }

            if (due > Now)
            {
                var jobId = ScheduleTimer(bookmarkId, due);
                await AfterCommit.RememberJobAsync(db, bookmarkId, jobId, cancellationToken);
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
                    return (null, AfterCommit.Nothing); // fired by the timer pump's overdue sweep once resumed
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

    /// <summary>The timer's job at its due moment (a bookmark's UTC time); its id, or null when it waits for a caller's commit.</summary>
    private string? ScheduleTimer(string bookmarkId, DateTime due) =>
        timers.Schedule(bookmarkId, new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc)));

    /// <summary>How early a timer job may run and still wait for its moment in place.</summary>
    private static readonly TimeSpan MaxTimerWait = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Fires timers overdue by more than <paramref name="grace"/> whose job did not run (lost, or never scheduled: a
    /// host died after claiming it for the hand-over, or no pump ran for longer than the horizon). Returns how many it looked at.
    /// </summary>
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

    /// <summary>
    /// Hands timers that came within <see cref="RuntimeOptions.TimerHorizon"/> to the job engine, up to
    /// <paramref name="limit"/> (not those of suspended instances: the overdue sweep fires them once resumed). Safe
    /// on several hosts at once: one conditional update claims the batch's timers that still have no job, a claim
    /// unique to this run, and only the timers this run claimed are scheduled. Returns how many candidates it read.
    /// </summary>
    public async Task<int> HandOverNearTimersAsync(int limit, CancellationToken cancellationToken)
    {
        var until = Now + options.TimerHorizon;
        var near = await db.Bookmarks.AsNoTracking()
            .Where(b => b.Kind == nameof(BookmarkKind.Timer) && b.JobId == null && b.DueAt <= until)
            .Where(b => !db.ProcessInstances.Any(i => i.Id == b.InstanceId && i.IsSuspended))
            .OrderBy(b => b.DueAt)
            .Select(b => b.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);
        if (near.Count == 0)
        {
            return 0;
        }

        var claim = TimerJobIds.NewClaim();
        await db.Bookmarks.Where(b => near.Contains(b.Id) && b.JobId == null)
            .ExecuteUpdateAsync(set => set.SetProperty(b => b.JobId, claim), cancellationToken);
        // Read after the claim: the due moments as they are now that no trigger can move them without clearing the claim.
        var claimed = await db.Bookmarks.AsNoTracking().Where(b => near.Contains(b.Id) && b.JobId == claim)
            .Select(b => new { b.Id, b.DueAt }).ToListAsync(cancellationToken);
        foreach (var timer in claimed)
        {
            await HandOverClaimedAsync(timer.Id, timer.DueAt!.Value, claim, cancellationToken);
        }

        return near.Count;
    }

    private async Task HandOverClaimedAsync(string bookmarkId, DateTime due, string claim, CancellationToken cancellationToken)
    {
        string? jobId;
        try
        {
            jobId = ScheduleTimer(bookmarkId, due);
        }
        catch
        {
            // The job engine refused: give the timer back to the next run rather than leave it to the overdue sweep.
            await db.Bookmarks.Where(b => b.Id == bookmarkId && b.JobId == claim)
                .ExecuteUpdateAsync(set => set.SetProperty(b => b.JobId, (string?)null), CancellationToken.None);
            throw;
        }

        if (jobId is null)
        {
            return; // waits for a caller's commit (a pump is not called in one): the claim stays as the marker
        }

        var noted = await db.Bookmarks.Where(b => b.Id == bookmarkId && b.JobId == claim)
            .ExecuteUpdateAsync(set => set.SetProperty(b => b.JobId, jobId), cancellationToken);
        if (noted == 0)
        {
            // Meanwhile the timer fired, was cancelled or was re-armed (which cleared the claim): this job is not its job.
            timers.Cancel(jobId);
        }
    }
}
