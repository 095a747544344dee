namespace WorkflowItsm.Runtime.Jobs;

/// <summary>
/// Runs the runtime's asynchronous work as jobs (<see cref="IJobs"/>): async continuations (<c>camunda:asyncBefore</c>
/// and <c>asyncAfter</c>) and the retries of failed elements. Every job is idempotent, so a job that runs twice or
/// late does no harm, and reconciliation may enqueue again what looks lost.
/// </summary>
public interface IAsyncContinuationScheduler
{
    /// <summary>Enqueues the continuation of an async-continuation bookmark; returns the job id, or null when it waits for a commit.</summary>
    string? Enqueue(string bookmarkId);

    /// <summary>Schedules the next retry of a fault's element; returns the job id, or null when it waits for a commit.</summary>
    string? ScheduleRetry(Guid faultId, DateTimeOffset due);

    /// <summary>
    /// Whether the job is still to run (queued, scheduled, or running for less than <paramref name="processingTimeout"/>),
    /// as opposed to lost, failed, gone or held by a dead host.
    /// </summary>
    bool IsPending(string jobId, TimeSpan processingTimeout);

    void Cancel(string jobId);
}
