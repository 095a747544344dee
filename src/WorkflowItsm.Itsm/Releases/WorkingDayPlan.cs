namespace WorkflowItsm.Itsm.Releases;

/// <summary>The first and last working day of one phase.</summary>
public readonly record struct PhaseDates(DateOnly Start, DateOnly End);

/// <summary>
/// Plans phases backwards from a readiness date in working days (dates only, no hours): the last phase ends on the
/// readiness date (or the working day before it, when it is none), each phase takes exactly its number of working
/// days, and the phase before ends on the working day before the next one starts. Weekends and holidays are not
/// counted. This plain rule reproduces the published example of issue 19 (test 5) exactly: 10, 25, 15 and 10 working
/// days ending 2025-09-05 with the US federal holidays give 06-11–06-25, 06-26–07-31, 08-01–08-21 and 08-22–09-05
/// (Juneteenth, Jun 19, and Independence Day, Jul 4, and Labor Day, Sep 1, are skipped like weekends).
/// </summary>
public static class WorkingDayPlan
{
    /// <summary>A calendar with no working day in ten years is a mistake, not a plan.</summary>
    private const int MaxDaysWithoutWork = 3660;

    /// <param name="workingDays">Each phase's working days, in phase order; each at least 1.</param>
    /// <param name="isWorkingDay">Whether a date is a working day (a business calendar's weekdays less its holidays).</param>
    /// <returns>Each phase's dates, in phase order.</returns>
    public static IReadOnlyList<PhaseDates> Backwards(DateOnly readiness, IReadOnlyList<int> workingDays, Func<DateOnly, bool> isWorkingDay)
    {
        ArgumentNullException.ThrowIfNull(workingDays);
        ArgumentNullException.ThrowIfNull(isWorkingDay);
        var dates = new PhaseDates[workingDays.Count];
        var day = LatestWorkingDay(readiness, isWorkingDay);
        for (var phase = workingDays.Count - 1; phase >= 0; phase--)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(workingDays[phase], 1, nameof(workingDays));
            var end = day;
            var start = day;
            for (var counted = 1; counted < workingDays[phase]; counted++)
            {
                start = LatestWorkingDay(start.AddDays(-1), isWorkingDay);
            }

            dates[phase] = new PhaseDates(start, end);
            day = LatestWorkingDay(start.AddDays(-1), isWorkingDay);
        }

        return dates;
    }

    /// <summary>The working days of a business calendar: a weekday with working hours that is no holiday.</summary>
    public static Func<DateOnly, bool> WorkingDaysOf(ServiceLevels.BusinessCalendar calendar)
    {
        var days = calendar.WeeklyHours.Select(h => h.Day).ToHashSet();
        return date => days.Contains(date.DayOfWeek) && !calendar.Holidays.Contains(date);
    }

    private static DateOnly LatestWorkingDay(DateOnly from, Func<DateOnly, bool> isWorkingDay)
    {
        var day = from;
        for (var tried = 0; !isWorkingDay(day); tried++)
        {
            if (tried > MaxDaysWithoutWork)
            {
                throw new InvalidOperationException($"The calendar has no working day in the ten years before {from:yyyy-MM-dd}.");
            }

            day = day.AddDays(-1);
        }

        return day;
    }
}
