using System.Globalization;

namespace WorkflowItsm.Itsm.ServiceLevels;

/// <summary>
/// One interval of local wall-clock working time, <c>[Start, End)</c>, on every <paramref name="Day"/> of the week.
/// <see cref="End"/> equal to <see cref="TimeOnly.MinValue"/> (00:00) means midnight at the end of the day, so
/// <c>(Monday, 18:00, 00:00)</c> runs to the end of Monday and <c>(Monday, 00:00, 00:00)</c> is all of Monday.
/// Hours across midnight are two intervals: 22:00–00:00 on one day and 00:00–06:00 on the next.
/// </summary>
public sealed record WorkingHours(DayOfWeek Day, TimeOnly Start, TimeOnly End)
{
    /// <summary>Whether the interval runs to midnight at the end of <see cref="Day"/>.</summary>
    public bool RunsToMidnight => End == TimeOnly.MinValue;

    /// <summary>The start as time since local midnight.</summary>
    internal TimeSpan StartOfDay => Start.ToTimeSpan();

    /// <summary>The end as time since local midnight: up to a whole day when it runs to midnight.</summary>
    internal TimeSpan EndOfDay => RunsToMidnight ? TimeSpan.FromDays(1) : End.ToTimeSpan();

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Day} {Start:HH:mm}–{(RunsToMidnight ? "24:00" : End.ToString("HH:mm", CultureInfo.InvariantCulture))}");
}
