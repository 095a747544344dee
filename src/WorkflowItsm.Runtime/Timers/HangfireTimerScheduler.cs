using Hangfire;

namespace WorkflowItsm.Runtime.Timers;

/// <summary>Each timer bookmark is a Hangfire scheduled job keyed by the bookmark id.</summary>
public sealed class HangfireTimerScheduler(IBackgroundJobClient jobs) : ITimerScheduler
{
    public string Schedule(string bookmarkId, DateTimeOffset due) =>
        jobs.Schedule<TimerJob>(job => job.FireAsync(bookmarkId, CancellationToken.None), due);

    public void Cancel(string jobId) => jobs.Delete(jobId);
}

/// <summary>The Hangfire job of a timer. Firing is idempotent: a timer whose bookmark is gone does nothing.</summary>
public sealed class TimerJob(Instances.WorkflowRuntime runtime)
{
    [AutomaticRetry(Attempts = 5)]
    public Task FireAsync(string bookmarkId, CancellationToken cancellationToken) => runtime.FireTimerAsync(bookmarkId, cancellationToken);
}

/// <summary>
/// Fires timers that are overdue although their job never ran (lost when a host died between commit and
/// scheduling, or deleted by hand). Recurring; safe to run on every host at once.
/// </summary>
public sealed class TimerReconciliationJob(Instances.WorkflowRuntime runtime)
{
    public const string RecurringJobId = "workflow-timer-reconciliation";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public Task RunAsync(CancellationToken cancellationToken) => runtime.FireOverdueTimersAsync(TimeSpan.FromSeconds(30), 500, cancellationToken);
}
