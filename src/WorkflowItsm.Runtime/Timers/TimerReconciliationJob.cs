namespace WorkflowItsm.Runtime.Timers;

/// <summary>
/// Fires timers that are overdue although their job never ran (lost when a host died between commit and
/// scheduling, or deleted by hand). Recurring; safe to run on every host at once.
/// </summary>
public sealed class TimerReconciliationJob(Instances.WorkflowRuntime runtime, RuntimeOptions options)
{
    public const string RecurringJobId = "workflow-timer-reconciliation";
    private const int BatchSize = 500;
    private const int MaxBatches = 20;

    /// <summary>Fires timers overdue by more than <see cref="RuntimeOptions.LostJobGrace"/>, in batches, until none is left (or 10,000 were fired).</summary>
    // No DisableConcurrentExecution: its lock would outlive a host killed mid-run, and two runs at once are harmless.
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        for (var batch = 0; batch < MaxBatches; batch++)
        {
            if (await runtime.FireOverdueTimersAsync(options.LostJobGrace, BatchSize, cancellationToken) < BatchSize)
            {
                return;
            }
        }
    }
}
