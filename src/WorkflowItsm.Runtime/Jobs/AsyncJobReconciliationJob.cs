using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Runtime.Jobs;

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
