using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Runtime.Jobs;

/// <summary>
/// Async continuations are Hangfire jobs keyed by bookmark id, retries scheduled jobs keyed by fault id. Hangfire is
/// resolved on first use, so that a runtime that runs no async work (tools, tests of other features) needs none.
/// </summary>
public sealed class HangfireAsyncContinuationScheduler(IServiceProvider services) : IAsyncContinuationScheduler
{
    private static readonly HashSet<string> PendingStates =
        [EnqueuedState.StateName, ScheduledState.StateName, ProcessingState.StateName, AwaitingState.StateName];

    public string Enqueue(string bookmarkId) =>
        services.GetRequiredService<IBackgroundJobClient>().Enqueue<AsyncContinuationJob>(job => job.RunAsync(bookmarkId, CancellationToken.None));

    public string ScheduleRetry(Guid faultId, DateTimeOffset due) =>
        services.GetRequiredService<IBackgroundJobClient>().Schedule<FaultRetryJob>(job => job.RunAsync(faultId, CancellationToken.None), due);

    public bool IsPending(string jobId)
    {
        using var connection = services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetJobData(jobId)?.State is { } state && PendingStates.Contains(state);
    }

    public void Cancel(string jobId) => services.GetRequiredService<IBackgroundJobClient>().Delete(jobId);
}

/// <summary>The Hangfire job of an async continuation. Idempotent: a bookmark that is gone does nothing.</summary>
public sealed class AsyncContinuationJob(WorkflowRuntime runtime)
{
    // Hangfire's own retries cover infrastructure trouble (database down); element failures never throw here.
    [AutomaticRetry(Attempts = 5)]
    public Task RunAsync(string bookmarkId, CancellationToken cancellationToken) => runtime.ContinueAsync(bookmarkId, cancellationToken);
}

/// <summary>The Hangfire job of an automatic retry. Idempotent: a resolved fault or one not yet due does nothing.</summary>
public sealed class FaultRetryJob(WorkflowRuntime runtime)
{
    [AutomaticRetry(Attempts = 5)]
    public Task RunAsync(Guid faultId, CancellationToken cancellationToken) => runtime.RetryFailedElementAsync(faultId, cancellationToken);
}

/// <summary>
/// Enqueues again the async continuations and retries whose job was lost (a host died between commit and
/// enqueueing, or the job was deleted by hand). Recurring; safe to run on every host at once.
/// </summary>
public sealed class AsyncJobReconciliationJob(WorkflowRuntime runtime)
{
    public const string RecurringJobId = "workflow-async-job-reconciliation";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public Task RunAsync(CancellationToken cancellationToken) => runtime.RequeueLostAsyncJobsAsync(500, cancellationToken);
}
