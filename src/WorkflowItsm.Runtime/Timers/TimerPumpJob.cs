namespace WorkflowItsm.Runtime.Timers;

/// <summary>
/// The timer pump, recurring every minute on every host. First it fires timers overdue by more than
/// <see cref="RuntimeOptions.LostJobGrace"/> whose job never ran (lost when a host died between a commit or a claim
/// and the scheduling, or deleted by hand); then it hands the timers that came within
/// <see cref="RuntimeOptions.TimerHorizon"/> to the job engine, each claimed by one conditional update so that pumps
/// running on several hosts at once hand each timer over once.
/// </summary>
public sealed class TimerPumpJob(Instances.WorkflowRuntime runtime, RuntimeOptions options)
{
    public const string RecurringJobId = "workflow-timer-pump";

    /// <summary>The recurring job this one replaced; hosts remove it at start so that an existing database stops running it.</summary>
    public const string ReplacedRecurringJobId = "workflow-timer-reconciliation";

    private const int BatchSize = 500;
    private const int MaxBatches = 20;

    /// <summary>Fires lost timers, then hands over near ones, each in batches until none is left (or 10,000 were done).</summary>
    // No DisableConcurrentExecution: its lock would outlive a host killed mid-run, and two runs at once are harmless
    // (firing is idempotent, and the hand-over claims each timer with a conditional update).
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // The overdue first: a timer long past its moment is fired here rather than handed over and fired a moment later.
        await InBatchesAsync(() => runtime.FireOverdueTimersAsync(options.LostJobGrace, BatchSize, cancellationToken));
        await InBatchesAsync(() => runtime.HandOverNearTimersAsync(BatchSize, cancellationToken));
    }

    /// <summary>Runs <paramref name="batch"/> (which returns how many timers it read) until one reads less than a full batch, at most <see cref="MaxBatches"/> times.</summary>
    private static async Task InBatchesAsync(Func<Task<int>> batch)
    {
        for (var run = 0; run < MaxBatches; run++)
        {
            if (await batch() < BatchSize)
            {
                return;
            }
        }
    }
}
