using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;

namespace WorkflowItsm.Itsm.ServiceLevels;

/// <summary>
/// The hours during which an SLA clock runs: weekly local working hours in a time zone, minus holidays.
/// Immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// Working hours are local wall-clock times. A local time becomes an instant by one rule (<see cref="ToUtc"/>): the first
/// instant at which the zone's clock reads that time or later. On the spring-forward day a time inside the gap therefore
/// maps to the instant the clock jumps (02:00–04:00 in Berlin is one real hour); on the fall-back day a time inside the
/// repeated hour maps to its first occurrence (01:00–04:00 in Berlin is four real hours). Because starts and ends follow
/// the same rule, adjacent intervals and days neither overlap nor leave holes. Where an interval starts inside the
/// repeated hour (02:30–05:00 on the fall-back day) it starts at the first 02:30, so the second pass through 02:00–02:30
/// counts although the wall clock shows a time before the interval.
/// </remarks>
public sealed class BusinessCalendar
{
    // A calendar whose every working day is a holiday must not make AddBusinessTime loop forever.
    private const int SearchLimitYears = 20;
    private const int SearchLimitDays = SearchLimitYears * 366;

    // Recomputing many clocks touches the same few hundred dates; the cap bounds memory for callers scanning far and wide.
    private const int CachedDaysLimit = 8192;

    private readonly LocalInterval[][] intervalsByWeekday;
    private readonly FrozenSet<DateOnly> holidays;
    private readonly ConcurrentDictionary<DateOnly, UtcInterval[]> intervalsByDate = new();
    private int cachedDays;

    /// <param name="timeZone">The zone the working hours and holidays are local to.</param>
    /// <param name="workingHours">Intervals per weekday; intervals of one day must not overlap (touching is fine).</param>
    /// <param name="holidays">Local dates without working hours.</param>
    /// <exception cref="ArgumentException">An interval ends before it starts, or two intervals of a day overlap.</exception>
    public BusinessCalendar(TimeZoneInfo timeZone, IEnumerable<WorkingHours> workingHours, IEnumerable<DateOnly>? holidays = null)
    {
        TimeZone = timeZone;
        WeeklyHours = [.. workingHours.OrderBy(h => h.Day).ThenBy(h => h.Start)];
        foreach (var hours in WeeklyHours)
        {
            if (!Enum.IsDefined(hours.Day))
            {
                throw new ArgumentOutOfRangeException(nameof(workingHours), hours.Day, "Not a day of the week.");
            }
        }

        intervalsByWeekday = [.. Enum.GetValues<DayOfWeek>().Select(day => ValidatedIntervals(day, WeeklyHours.Where(h => h.Day == day)))];
        this.holidays = (holidays ?? []).ToFrozenSet();
    }

    /// <summary>Around the clock, every day, in UTC, without holidays.</summary>
    public static BusinessCalendar AlwaysOpen { get; } = new(
        TimeZoneInfo.Utc,
        Enum.GetValues<DayOfWeek>().Select(day => new WorkingHours(day, TimeOnly.MinValue, TimeOnly.MinValue)));

    public TimeZoneInfo TimeZone { get; }

    /// <summary>The working hours as given, ordered by day and start.</summary>
    public IReadOnlyList<WorkingHours> WeeklyHours { get; }

    public IReadOnlySet<DateOnly> Holidays => holidays;

    public bool HasWorkingHours => intervalsByWeekday.Any(intervals => intervals.Length > 0);

    /// <summary>Business time in <c>[from, to)</c>; zero when <paramref name="to"/> is not after <paramref name="from"/>.</summary>
    public TimeSpan BusinessTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        long fromTicks = from.UtcTicks, toTicks = to.UtcTicks;
        if (toTicks <= fromTicks)
        {
            return TimeSpan.Zero;
        }

        long total = 0;
        var lastDate = LocalDateOf(toTicks).AddDays(1);
        for (var date = LocalDateOf(fromTicks).AddDays(-1); date <= lastDate; date = date.AddDays(1))
        {
            foreach (var interval in IntervalsOn(date))
            {
                total += Math.Max(0, Math.Min(interval.EndTicks, toTicks) - Math.Max(interval.StartTicks, fromTicks));
            }
        }

        return TimeSpan.FromTicks(total);
    }

    /// <summary>
    /// The earliest instant, in UTC, by which <paramref name="duration"/> of business time has elapsed since
    /// <paramref name="start"/>. A zero duration returns <paramref name="start"/> (in UTC) even outside business hours.
    /// </summary>
    /// <exception cref="InvalidOperationException">The calendar has no working hours, or not enough within 20 years.</exception>
    public DateTimeOffset AddBusinessTime(DateTimeOffset start, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var startTicks = start.UtcTicks;
        if (duration == TimeSpan.Zero)
        {
            return Utc(startTicks);
        }

        var remaining = duration.Ticks;
        foreach (var interval in IntervalsFrom(startTicks))
        {
            var available = interval.EndTicks - interval.StartTicks;
            if (remaining <= available)
            {
                return Utc(interval.StartTicks + remaining);
            }

            remaining -= available;
        }

        throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
            $"The business calendar has less than {duration} of business time in the {SearchLimitYears} years after {start:O}."));
    }

    public bool IsBusinessTime(DateTimeOffset instant)
    {
        var ticks = instant.UtcTicks;
        var date = LocalDateOf(ticks);
        for (var candidate = date.AddDays(-1); candidate <= date.AddDays(1); candidate = candidate.AddDays(1))
        {
            foreach (var interval in IntervalsOn(candidate))
            {
                if (interval.StartTicks <= ticks && ticks < interval.EndTicks)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The instant, in UTC, at which business time next runs: <paramref name="instant"/> itself when it is business time.</summary>
    /// <exception cref="InvalidOperationException">The calendar has no working hours, or none within 20 years.</exception>
    public DateTimeOffset NextBusinessTimeStart(DateTimeOffset instant)
    {
        foreach (var interval in IntervalsFrom(instant.UtcTicks))
        {
            return Utc(interval.StartTicks);
        }

        throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
            $"The business calendar has no business time in the {SearchLimitYears} years after {instant:O}."));
    }

    /// <summary>
    /// The instant, in UTC, of local <paramref name="time"/> on <paramref name="date"/>: the first instant at which the
    /// zone's clock reads that time or later. A time in the spring-forward gap maps to the instant the clock jumps;
    /// a time in the repeated fall-back hour maps to its first occurrence.
    /// </summary>
    public DateTimeOffset ToUtc(DateOnly date, TimeOnly time) => Utc(ToUtcTicks(date.ToDateTime(time)));

    private long ToUtcTicks(DateTime local)
    {
        if (TimeZone.IsAmbiguousTime(local))
        {
            // The larger offset belongs to the earlier occurrence.
            return local.Ticks - TimeZone.GetAmbiguousTimeOffsets(local).Max().Ticks;
        }

        return TimeZone.IsInvalidTime(local)
            ? ClockJumpTicks(local)
            : local.Ticks - TimeZone.GetUtcOffset(local).Ticks;
    }

    /// <summary>For a local time that does not exist, the UTC ticks of the instant the clock jumped over it.</summary>
    private long ClockJumpTicks(DateTime missingLocal)
    {
        // Step back until the clock shows a real time again, then bisect to the gap's first tick.
        var step = TimeSpan.FromHours(1);
        while (TimeZone.IsInvalidTime(missingLocal - step))
        {
            step += step;
        }

        long existing = (missingLocal - step).Ticks, missing = missingLocal.Ticks;
        while (missing - existing > 1)
        {
            var middle = existing + ((missing - existing) / 2);
            if (TimeZone.IsInvalidTime(new DateTime(middle)))
            {
                missing = middle;
            }
            else
            {
                existing = middle;
            }
        }

        // The clock jumps when it would have shown the gap's first tick with the offset in force before the gap.
        return missing - TimeZone.GetUtcOffset(new DateTime(existing)).Ticks;
    }

    /// <summary>Business intervals that end after the instant, clipped to start no earlier, in order, up to the search limit.</summary>
    private IEnumerable<UtcInterval> IntervalsFrom(long utcTicks)
    {
        if (!HasWorkingHours)
        {
            throw new InvalidOperationException("The business calendar has no working hours, so business time never elapses.");
        }

        return Scan();

        IEnumerable<UtcInterval> Scan()
        {
            var date = LocalDateOf(utcTicks).AddDays(-1);
            for (var day = 0; day <= SearchLimitDays; day++, date = date.AddDays(1))
            {
                foreach (var interval in IntervalsOn(date))
                {
                    if (interval.EndTicks > utcTicks)
                    {
                        yield return interval with { StartTicks = Math.Max(interval.StartTicks, utcTicks) };
                    }
                }
            }
        }
    }

    private DateOnly LocalDateOf(long utcTicks) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(new DateTime(utcTicks, DateTimeKind.Utc), TimeZone));

    private UtcInterval[] IntervalsOn(DateOnly date)
    {
        if (intervalsByDate.TryGetValue(date, out var cached))
        {
            return cached;
        }

        var intervals = ComputeIntervalsOn(date);
        if (Volatile.Read(ref cachedDays) < CachedDaysLimit && intervalsByDate.TryAdd(date, intervals))
        {
            Interlocked.Increment(ref cachedDays);
        }

        return intervals;
    }

    private UtcInterval[] ComputeIntervalsOn(DateOnly date)
    {
        var local = intervalsByWeekday[(int)date.DayOfWeek];
        if (local.Length == 0 || holidays.Contains(date))
        {
            return [];
        }

        var midnight = date.ToDateTime(TimeOnly.MinValue);
        var intervals = new List<UtcInterval>(local.Length);
        foreach (var interval in local)
        {
            // An end of a whole day lands on the next date's midnight, as intended.
            var start = ToUtcTicks(midnight + interval.Start);
            var end = ToUtcTicks(midnight + interval.End);
            if (end > start)
            {
                intervals.Add(new UtcInterval(start, end));
            }
        }

        return [.. intervals];
    }

    /// <summary>Checks one day's intervals and merges touching ones.</summary>
    private static LocalInterval[] ValidatedIntervals(DayOfWeek day, IEnumerable<WorkingHours> workingHours)
    {
        var merged = new List<LocalInterval>();
        WorkingHours? previous = null;
        foreach (var current in workingHours)
        {
            if (current.EndOfDay <= current.StartOfDay)
            {
                throw new ArgumentException(
                    $"Working hours on {day} ({current}) end before they start; use 00:00 as the end for midnight.", nameof(workingHours));
            }

            if (previous is not null && previous.EndOfDay > current.StartOfDay)
            {
                throw new ArgumentException($"Working hours on {day} overlap: {previous} and {current}.", nameof(workingHours));
            }

            if (merged.Count > 0 && merged[^1].End == current.StartOfDay)
            {
                merged[^1] = merged[^1] with { End = current.EndOfDay };
            }
            else
            {
                merged.Add(new LocalInterval(current.StartOfDay, current.EndOfDay));
            }

            previous = current;
        }

        return [.. merged];
    }

    private static DateTimeOffset Utc(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    /// <summary>Local working interval as time since midnight; the end may be a whole day.</summary>
    private readonly record struct LocalInterval(TimeSpan Start, TimeSpan End);

    private readonly record struct UtcInterval(long StartTicks, long EndTicks);
}
