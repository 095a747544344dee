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
    /// Only timers due within this span get a job in the job engine; a later one is just its bookmark row until the
    /// timer pump (<see cref="Timers.TimerPumpJob"/>, every minute) hands it over. Most timers are SLA warnings that
    /// are cancelled long before they fall due, and a job costs rows to create and to delete again. Five minutes are
    /// several pump runs: a timer is handed over minutes before its moment even when a run or two are missed.
    /// </summary>
    public TimeSpan TimerHorizon { get; init; } = TimeSpan.FromMinutes(5);

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
