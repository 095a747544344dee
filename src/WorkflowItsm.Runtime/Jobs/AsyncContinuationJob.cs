using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Runtime.Jobs;

/// <summary>The job of an async continuation. Idempotent: a bookmark that is gone does nothing.</summary>
public sealed class AsyncContinuationJob(WorkflowRuntime runtime)
{
    // The job engine's retries cover infrastructure trouble (database down); element failures never throw here.
    [JobRetries(5)]
    public Task RunAsync(string bookmarkId, CancellationToken cancellationToken) => runtime.ContinueAsync(bookmarkId, cancellationToken);
}
