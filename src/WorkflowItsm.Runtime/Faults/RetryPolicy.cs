using WorkflowItsm.Bpmn.Timers;

namespace WorkflowItsm.Runtime.Faults;

/// <summary>
/// When a failed element is retried. Read from <c>camunda:failedJobRetryTimeCycle</c> as Camunda writes it: a
/// repeating interval (<c>R3/PT5M</c> = 3 retries, 5 minutes apart) or a list of waits (<c>PT10S,PT1M,PT5M</c>);
/// without one (or with text that does not parse) the <see cref="RuntimeOptions.DefaultRetryDelays"/> apply.
/// </summary>
public sealed class RetryPolicy
{
    private readonly IReadOnlyList<IsoDuration> _delays;
    private readonly TimerSchedule? _cycle;

    private RetryPolicy(IReadOnlyList<IsoDuration> delays, TimerSchedule? cycle, int maxRetries, bool isDefault)
    {
        _delays = delays;
        _cycle = cycle;
        MaxRetries = maxRetries;
        IsDefault = isDefault;
    }

    /// <summary>How many times the element is retried after its first failure.</summary>
    public int MaxRetries { get; }

    /// <summary>True when the default applies (no cycle, or one that does not parse).</summary>
    public bool IsDefault { get; }

    /// <summary>Whether a <c>camunda:failedJobRetryTimeCycle</c> is one we read (checked at deploy time, so none falls back silently).</summary>
    public static bool IsValid(string retryTimeCycle) =>
        string.IsNullOrWhiteSpace(retryTimeCycle) || !For(retryTimeCycle, new RuntimeOptions()).IsDefault;

    public static RetryPolicy For(string? retryTimeCycle, RuntimeOptions options)
    {
        var text = retryTimeCycle?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return Default(options);
        }

        if (text.StartsWith('R'))
        {
            // An unbounded cycle (R/PT5M) would retry for ever: it gets as many retries as the default.
            return TimerSchedule.TryParse(TimerKind.Cycle, text, out var cycle, out _) && cycle is not null
                ? new RetryPolicy([], cycle, cycle.Repetitions ?? options.DefaultRetryDelays.Count, isDefault: false)
                : Default(options);
        }

        var delays = new List<IsoDuration>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!IsoDuration.TryParse(part, out var delay, out _))
            {
                return Default(options);
            }

            delays.Add(delay);
        }

        return delays.Count == 0 ? Default(options) : new RetryPolicy(delays, null, delays.Count, isDefault: false);
    }

    public static RetryPolicy Default(RuntimeOptions options) =>
        new([.. options.DefaultRetryDelays.Select(d => new IsoDuration(0, 0, 0, d))], null, options.DefaultRetryDelays.Count, isDefault: true);

    /// <summary>When to retry after the element failed at <paramref name="failedAt"/>; null when the retries ran out.</summary>
    /// <param name="retriesDone">Retries already made (0 after the first failure).</param>
    public DateTimeOffset? NextRetry(DateTimeOffset failedAt, int retriesDone)
    {
        if (retriesDone >= MaxRetries)
        {
            return null;
        }

        return _cycle is not null
            ? _cycle.NextDue(failedAt, retriesDone)
            : _delays[retriesDone].AddTo(failedAt);
    }
}
