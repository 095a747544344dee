using Cronos;

namespace WorkflowItsm.Bpmn.Timers;

/// <summary>
/// When a BPMN timer is due: a <c>timeDate</c>, a <c>timeDuration</c> or a <c>timeCycle</c> (ISO-8601 repeating
/// interval or cron), parsed once and asked for its next due time. All times are absolute; cron runs in UTC.
/// </summary>
public sealed class TimerSchedule
{
    private readonly DateTimeOffset? _date;
    private readonly IsoDuration _duration;
    private readonly DateTimeOffset? _start;
    private readonly DateTimeOffset? _end;
    private readonly CronExpression? _cron;

    private TimerSchedule(TimerKind kind, DateTimeOffset? date = null, IsoDuration duration = default, int? repetitions = null,
        DateTimeOffset? start = null, DateTimeOffset? end = null, CronExpression? cron = null)
    {
        Kind = kind;
        _date = date;
        _duration = duration;
        Repetitions = repetitions;
        _start = start;
        _end = end;
        _cron = cron;
    }

    public TimerKind Kind { get; }

    /// <summary>True for cycles: the timer fires again after it fired.</summary>
    public bool IsRepeating => Kind == TimerKind.Cycle;

    /// <summary>How often a cycle fires in total (<c>R5/...</c> = 5); null when it repeats without bound.</summary>
    public int? Repetitions { get; }

    /// <summary>
    /// The next time the timer is due, or null when it has nothing left to fire.
    /// </summary>
    /// <param name="from">When the timer was armed (<paramref name="alreadyFired"/> = 0), else when it last fired.</param>
    /// <param name="alreadyFired">How often it has fired so far.</param>
    public DateTimeOffset? NextDue(DateTimeOffset from, int alreadyFired)
    {
        try
        {
            return NextDueOrThrow(from, alreadyFired);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null; // beyond the year 9999: never due
        }
    }

    private DateTimeOffset? NextDueOrThrow(DateTimeOffset from, int alreadyFired)
    {
        switch (Kind)
        {
            case TimerKind.Date:
                return alreadyFired == 0 ? _date : null;
            case TimerKind.Duration:
                return alreadyFired == 0 ? _duration.AddTo(from) : null;
        }

        if (alreadyFired >= Repetitions)
        {
            return null;
        }

        var next = _cron is not null ? _cron.GetNextOccurrence(from, TimeZoneInfo.Utc)
            : _start is { } start ? NextAnchoredOccurrence(start, from, inclusive: alreadyFired == 0)
            : _duration.AddTo(from);
        return next > _end ? null : next;
    }

    /// <summary>
    /// The first of start, start + d, start + 2d... at or after <paramref name="from"/>. Occurrences missed while
    /// nobody was looking are skipped rather than fired in a burst.
    /// </summary>
    private DateTimeOffset NextAnchoredOccurrence(DateTimeOffset start, DateTimeOffset from, bool inclusive)
    {
        bool IsNext(DateTimeOffset candidate) => inclusive ? candidate >= from : candidate > from;

        if (IsNext(start))
        {
            return start;
        }

        // Jump close to the answer instead of walking from an anchor that may lie years back. The step is
        // over-estimated (31-day months, 366-day years), so the jump never passes the answer; the walk finishes.
        var longestStep = TimeSpan.FromDays((_duration.Years * 366d) + (_duration.Months * 31d) + _duration.Days) + _duration.Time;
        var times = (int)Math.Clamp(((from - start).Ticks / longestStep.Ticks) - 1, 1, int.MaxValue - 1);

        var candidate = _duration.AddTo(start, times);
        while (!IsNext(candidate))
        {
            candidate = _duration.AddTo(start, ++times);
        }

        return candidate;
    }

    /// <summary>Parses a timer definition's text; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(TimerKind kind, string text, out TimerSchedule? schedule, out string? error)
    {
        schedule = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"The {Describe(kind)} is empty";
            return false;
        }

        schedule = kind switch
        {
            // Camunda 7 reads a timeDate that starts with P as a duration from now (its DueDateBusinessCalendar).
            TimerKind.Date when text.TrimStart().StartsWith('P') =>
                IsoDuration.TryParse(text, out var fromNow, out error) ? new TimerSchedule(TimerKind.Duration, duration: fromNow) : null,
            TimerKind.Date => IsoDateTime.TryParse(text, out var date, out error) ? new TimerSchedule(kind, date) : null,
            TimerKind.Duration => IsoDuration.TryParse(text, out var duration, out error) ? new TimerSchedule(kind, duration: duration) : null,
            _ => ParseCycle(text.Trim(), out error),
        };

        if (error is not null)
        {
            error = $"Invalid {Describe(kind)} {error}";
        }

        return schedule is not null;
    }

    private static TimerSchedule? ParseCycle(string text, out string? error)
    {
        if (!text.StartsWith('R'))
        {
            if (CronCycle.LooksLikeCron(text))
            {
                return CronCycle.TryParse(text, out var cron, out error) ? new TimerSchedule(TimerKind.Cycle, cron: cron) : null;
            }

            error = $"'{text}': expected R[n]/duration, R[n]/start/duration, R[n]/duration/end or a cron expression";
            return null;
        }

        var parts = text.Split('/');
        if (parts.Length is < 2 or > 3)
        {
            error = $"'{text}': expected R[n]/duration, R[n]/start/duration or R[n]/duration/end";
            return null;
        }

        int? repetitions = null;
        if (parts[0].Length > 1)
        {
            if (!int.TryParse(parts[0].AsSpan(1), out var count) || count < 0)
            {
                error = $"'{text}': '{parts[0]}' must be R or R followed by a number of repetitions";
                return null;
            }

            repetitions = count;
        }

        DateTimeOffset? start = null, end = null;
        string durationText;
        if (parts.Length == 2)
        {
            durationText = parts[1];
        }
        else if (IsoDateTime.LooksLikeDate(parts[1]))
        {
            if (!IsoDateTime.TryParse(parts[1], out var startDate, out error))
            {
                error = $"'{text}': start {error}";
                return null;
            }

            start = startDate;
            durationText = parts[2];
        }
        else
        {
            if (!IsoDateTime.TryParse(parts[2], out var endDate, out error))
            {
                error = $"'{text}': end {error}";
                return null;
            }

            end = endDate;
            durationText = parts[1];
        }

        if (!IsoDuration.TryParse(durationText, out var duration, out error))
        {
            error = $"'{text}': interval {error}";
            return null;
        }

        if (duration.IsZero)
        {
            error = $"'{text}': a cycle's interval must be longer than zero";
            return null;
        }

        return new TimerSchedule(TimerKind.Cycle, duration: duration, repetitions: repetitions, start: start, end: end);
    }

    private static string Describe(TimerKind kind) => kind switch
    {
        TimerKind.Date => "timeDate",
        TimerKind.Duration => "timeDuration",
        _ => "timeCycle",
    };
}
