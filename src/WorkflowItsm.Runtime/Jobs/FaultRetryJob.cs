using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Runtime.Jobs;

/// <summary>The job of an automatic retry. Idempotent: a resolved fault or one not yet due does nothing.</summary>
public sealed class FaultRetryJob(WorkflowRuntime runtime)
{
    [JobRetries(5)]
    public Task RunAsync(Guid faultId, CancellationToken cancellationToken) => runtime.RetryFailedElementAsync(faultId, cancellationToken);
}
