namespace WorkflowItsm.Runtime;

/// <summary>Tunables of the durable runtime (section <c>Runtime</c> of the host's configuration).</summary>
public sealed class RuntimeOptions
{
    /// <summary>
    /// Waits before each automatic retry of a failed element that names no <c>camunda:failedJobRetryTimeCycle</c>:
    /// one retry per entry, so the count is the number of retries. Growing waits give a flaky dependency time to recover.
    /// </summary>
    public IReadOnlyList<TimeSpan> DefaultRetryDelays { get; init; } =
        [TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)];

    /// <summary>
    /// How overdue a timer, and how old an async continuation or a due retry, must be before reconciliation assumes
    /// its job was lost (also: how long a job may be processing before its host is taken for dead).
    /// </summary>
    public TimeSpan LostJobGrace { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long the journal of a finished instance is kept; null keeps it for ever. Running instances keep their
    /// whole journal. Applied daily by <see cref="Journal.JournalRetentionJob"/>.
    /// </summary>
    public TimeSpan? JournalRetention { get; init; } = TimeSpan.FromDays(180);

    /// <summary>Largest value one variable handed in may have, as stored JSON (256 KiB).</summary>
    public long MaxVariableBytes { get; init; } = 256 * 1024;

    /// <summary>Largest size an instance's variables may have together after a caller sets some (1 MiB).</summary>
    public long MaxInstanceVariablesBytes { get; init; } = 1024 * 1024;

    /// <summary>The longest a message that found no receiver may be kept for one that comes to wait for it.</summary>
    public TimeSpan MaxMessageBuffer { get; init; } = TimeSpan.FromDays(1);
}
