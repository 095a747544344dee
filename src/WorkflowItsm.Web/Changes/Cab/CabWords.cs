using System.Globalization;
using MudBlazor;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Changes.Cab;

namespace WorkflowItsm.Web.Changes.Cab;

/// <summary>What people read for the board's states, decisions and a change's risk.</summary>
public static class CabWords
{
    public static string Of(CabMeetingState state) => state switch
    {
        CabMeetingState.Planned => "Planned",
        CabMeetingState.InProgress => "In progress",
        CabMeetingState.Completed => "Held",
        _ => "Cancelled",
    };

    public static string Of(CabDecision decision) => decision switch
    {
        CabDecision.Pending => "To decide",
        CabDecision.Approved => "Approved",
        CabDecision.Rejected => "Rejected",
        _ => "Deferred",
    };

    public static Color ColorOf(CabDecision decision) => decision switch
    {
        CabDecision.Approved => Color.Success,
        CabDecision.Rejected => Color.Error,
        CabDecision.Deferred => Color.Warning,
        _ => Color.Default,
    };

    /// <summary>
    /// A board's cron schedule in words ("Tuesdays at 2:00 PM", "Mondays and Thursdays at 9:30 AM", "every day at
    /// 8:00 AM"); a schedule that is not a plain weekly one reads as its cron text.
    /// </summary>
    public static string Schedule(string cron)
    {
        var parts = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 5 || parts[2] != "*" || parts[3] != "*"
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var minute) || minute > 59
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var hour) || hour > 23
            || Weekdays(parts[4]) is not { } days)
        {
            return $"on the schedule {cron}";
        }

        var at = new TimeOnly(hour, minute).ToString("t", CultureInfo.CurrentCulture);
        if (days.Count == 7)
        {
            return $"every day at {at}";
        }

        var names = days.Select(d => $"{d}s").ToList();
        var list = names.Count == 1 ? names[0] : $"{string.Join(", ", names.Take(names.Count - 1))} and {names[^1]}";
        return $"{list} at {at}";
    }

    // "2", "1-5", "1,3,5", "*" (0 and 7 are Sunday); null for anything else.
    private static SortedSet<DayOfWeek>? Weekdays(string field)
    {
        var days = new SortedSet<DayOfWeek>(Comparer<DayOfWeek>.Create((a, b) => ((int)a + 6) % 7 - ((int)b + 6) % 7));
        if (field == "*")
        {
            days.UnionWith(Enum.GetValues<DayOfWeek>());
            return days;
        }

        foreach (var item in field.Split(','))
        {
            var range = item.Split('-');
            if (range.Length > 2 || !int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var from) || from > 7)
            {
                return null;
            }

            var to = from;
            if (range.Length == 2 && (!int.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out to) || to > 7 || to < from))
            {
                return null;
            }

            for (var day = from; day <= to; day++)
            {
                days.Add((DayOfWeek)(day % 7));
            }
        }

        return days;
    }

    public static string Of(ChangeRisk? risk) => risk switch
    {
        ChangeRisk.Low => "Low",
        ChangeRisk.Moderate => "Moderate",
        ChangeRisk.High => "High",
        ChangeRisk.VeryHigh => "Very high",
        _ => "—",
    };
}
