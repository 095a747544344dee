using System.Globalization;
using WorkflowItsm.Itsm.ServiceLevels;

namespace WorkflowItsm.Web.ServiceLevels;

/// <summary>The unit an admin gives an SLA target in.</summary>
public enum SlaTargetUnit
{
    Minutes,
    Hours,
    Days,
}

/// <summary>
/// SLA targets in the words of the calendar they count on: a business day is the calendar's longest working day
/// (10 hours for Mon–Fri 08:00–18:00), so "3 business days" is 30 business hours and shows as such; on a calendar
/// that runs around the clock they are plain hours and days.
/// </summary>
public static class SlaTargets
{
    private static readonly TimeSpan WholeDay = TimeSpan.FromDays(1);

    public static TimeSpan BusinessDay(CalendarView? calendar)
    {
        var longest = calendar?.Hours.GroupBy(h => h.Day).Select(day => day.Aggregate(TimeSpan.Zero, (sum, h) => sum + Length(h))).DefaultIfEmpty().Max() ?? TimeSpan.Zero;
        return longest > TimeSpan.Zero ? longest : WholeDay;
    }

    public static bool IsAroundTheClock(CalendarView? calendar) => calendar is not null && BusinessDay(calendar) == WholeDay && calendar.Hours.Select(h => h.Day).Distinct().Count() == 7;

    /// <summary>The largest unit that states the target exactly.</summary>
    public static (long Amount, SlaTargetUnit Unit) Split(long seconds, CalendarView? calendar)
    {
        var day = (long)BusinessDay(calendar).TotalSeconds;
        return seconds >= day && seconds % day == 0 ? (seconds / day, SlaTargetUnit.Days)
            : seconds >= 3600 && seconds % 3600 == 0 ? (seconds / 3600, SlaTargetUnit.Hours)
            : ((long)Math.Ceiling(seconds / 60.0), SlaTargetUnit.Minutes);
    }

    public static long Seconds(long amount, SlaTargetUnit unit, CalendarView? calendar) => unit switch
    {
        SlaTargetUnit.Days => amount * (long)BusinessDay(calendar).TotalSeconds,
        SlaTargetUnit.Hours => amount * 3600,
        _ => amount * 60,
    };

    public static string UnitText(SlaTargetUnit unit, CalendarView? calendar)
    {
        var business = IsAroundTheClock(calendar) ? "" : "business ";
        return unit switch
        {
            SlaTargetUnit.Days => $"{business}days",
            SlaTargetUnit.Hours => $"{business}hours",
            _ => $"{business}minutes",
        };
    }

    /// <summary>"3 business days", "1 business hour", "15 minutes".</summary>
    public static string Text(long seconds, CalendarView? calendar)
    {
        var (amount, unit) = Split(seconds, calendar);
        var words = UnitText(unit, calendar);
        return string.Create(CultureInfo.InvariantCulture, $"{amount} {(amount == 1 ? words.TrimEnd('s') : words)}");
    }

    private static TimeSpan Length(CalendarHours hours)
    {
        var start = TimeOnly.TryParse(hours.Start, CultureInfo.InvariantCulture, out var s) ? s.ToTimeSpan() : TimeSpan.Zero;
        var end = hours.End is "24:00" or "00:00" ? WholeDay : TimeOnly.TryParse(hours.End, CultureInfo.InvariantCulture, out var e) ? e.ToTimeSpan() : start;
        return end > start ? end - start : TimeSpan.Zero;
    }
}
