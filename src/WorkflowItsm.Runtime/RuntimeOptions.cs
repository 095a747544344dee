namespace WorkflowItsm.Runtime;

/// <summary>Tunables of the durable runtime. Registered with its defaults; not bound to configuration yet.</summary>
public sealed class RuntimeOptions
{
    /// <summary>
    /// Waits before each automatic retry of a failed element that names no <c>camunda:failedJobRetryTimeCycle</c>:
    /// one retry per entry, so the count is the number of retries. Growing waits give a flaky dependency time to recover.
    /// </summary>
    public IReadOnlyList<TimeSpan> DefaultRetryDelays { get; init; } =
        [TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)];

    /// <summary>How old an async continuation or a due retry must be before reconciliation assumes its job was lost.</summary>
    public TimeSpan LostJobGrace { get; init; } = TimeSpan.FromMinutes(1);
}
