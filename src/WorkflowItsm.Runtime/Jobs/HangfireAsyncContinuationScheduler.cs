using Hangfire;
using Hangfire.Common;
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
        [EnqueuedState.StateName, ScheduledState.StateName, AwaitingState.StateName];

    public string Enqueue(string bookmarkId) =>
        services.GetRequiredService<IBackgroundJobClient>().Enqueue<AsyncContinuationJob>(job => job.RunAsync(bookmarkId, CancellationToken.None));

    public string ScheduleRetry(Guid faultId, DateTimeOffset due) =>
        services.GetRequiredService<IBackgroundJobClient>().Schedule<FaultRetryJob>(job => job.RunAsync(faultId, CancellationToken.None), due);

    /// <summary>
    /// Whether the job will still run: waiting in a queue or a schedule, or processing for less than
    /// <paramref name="processingTimeout"/> (these jobs take milliseconds; one processing for longer belongs to a
    /// host that died).
    /// </summary>
    public bool IsPending(string jobId, TimeSpan processingTimeout)
    {
        using var connection = services.GetRequiredService<JobStorage>().GetConnection();
        var state = connection.GetStateData(jobId);
        if (state?.Name == ProcessingState.StateName)
        {
            return !state.Data.TryGetValue("StartedAt", out var startedAt)
                || JobHelper.DeserializeNullableDateTime(startedAt) is not { } started
                || DateTime.UtcNow - started < processingTimeout;
        }

        return state is not null && PendingStates.Contains(state.Name);
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

    // No DisableConcurrentExecution: its lock would outlive a host killed mid-run, and two runs at once are harmless.
    public Task RunAsync(CancellationToken cancellationToken) => runtime.RequeueLostAsyncJobsAsync(500, cancellationToken);
}
