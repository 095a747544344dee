using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Runtime.Timers;

/// <summary>The job of a timer. Firing is idempotent: a timer whose bookmark is gone does nothing.</summary>
public sealed class TimerJob(Instances.WorkflowRuntime runtime)
{
    [JobRetries(5)]
    public Task FireAsync(string bookmarkId, CancellationToken cancellationToken) => runtime.FireTimerAsync(bookmarkId, cancellationToken);
}
