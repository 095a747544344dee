using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Runtime.Timers;

namespace WorkflowItsm.Runtime.Instances;

/// <summary>Hangfire work that must wait for the commit (a job must never fire for state that was rolled back).</summary>
internal sealed class AfterCommit
{
    public static AfterCommit Nothing { get; } = new();

    public List<(string BookmarkId, DateTimeOffset Due)> TimersToSchedule { get; } = [];
    public List<string> JobsToCancel { get; } = [];

    public async Task RunAsync(WorkflowDbContext db, ITimerScheduler timers, CancellationToken cancellationToken)
    {
        foreach (var jobId in JobsToCancel)
        {
            timers.Cancel(jobId);
        }

        if (TimersToSchedule.Count == 0)
        {
            return;
        }

        var ids = TimersToSchedule.Select(t => t.BookmarkId).ToList();
        var rows = await db.Bookmarks.Where(b => ids.Contains(b.Id)).ToDictionaryAsync(b => b.Id, cancellationToken);
        foreach (var (bookmarkId, due) in TimersToSchedule)
        {
            if (rows.TryGetValue(bookmarkId, out var row))
            {
                row.JobId = timers.Schedule(bookmarkId, due);
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The job ids are a convenience for cancelling; the jobs themselves are idempotent.
        }
    }
}
