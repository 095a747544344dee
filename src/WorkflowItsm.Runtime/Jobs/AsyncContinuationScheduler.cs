namespace WorkflowItsm.Runtime.Jobs;

/// <summary>Async continuations are jobs keyed by bookmark id, retries scheduled jobs keyed by fault id.</summary>
public sealed class AsyncContinuationScheduler(IJobs jobs) : IAsyncContinuationScheduler
{
    public string? Enqueue(string bookmarkId) =>
        jobs.Enqueue<AsyncContinuationJob>(job => job.RunAsync(bookmarkId, CancellationToken.None));

    public string? ScheduleRetry(Guid faultId, DateTimeOffset due) =>
        jobs.Schedule<FaultRetryJob>(job => job.RunAsync(faultId, CancellationToken.None), due);

    public bool IsPending(string jobId, TimeSpan processingTimeout) => jobs.IsPending(jobId, processingTimeout);

    public void Cancel(string jobId) => jobs.Delete(jobId);
}
