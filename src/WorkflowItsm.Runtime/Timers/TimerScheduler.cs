using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Runtime.Timers;

/// <summary>Each timer bookmark is a scheduled job keyed by the bookmark id.</summary>
public sealed class TimerScheduler(IJobs jobs) : ITimerScheduler
{
    public string? Schedule(string bookmarkId, DateTimeOffset due) =>
        jobs.Schedule<TimerJob>(job => job.FireAsync(bookmarkId, CancellationToken.None), due);

    public void Cancel(string jobId) => jobs.Delete(jobId);
}
