using System.Globalization;
using WorkflowItsm.Itsm.ServiceLevels;

namespace WorkflowItsm.Itsm.Tests.ServiceLevels;

/// <summary>
/// BusinessCalendar against a minute-by-minute walk of the wall clock, on generated calendars, zones, holidays and spans
/// around weekends and the 2026 DST changes. Each case is reproducible from <see cref="Seed"/> and its number.
/// </summary>
public sealed class BusinessCalendarReferenceTests
{
    private const int Seed = 20260329;
    private const int CaseCount = 1000;
    private const int MaxSpanMinutes = 10 * 24 * 60;

    // Each zone with the dates its clocks change in 2026; UTC and Kolkata never change, so they get other zones' dates.
    private static readonly (TimeZoneInfo Zone, DateOnly[] ClockChanges)[] Zones =
    [
        (TimeZoneInfo.Utc, [new(2026, 3, 8), new(2026, 3, 29), new(2026, 10, 25), new(2026, 11, 1)]),
        (TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), [new(2026, 3, 29), new(2026, 10, 25)]),
        (TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), [new(2026, 3, 8), new(2026, 11, 1)]),
        (TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney"), [new(2026, 4, 5), new(2026, 10, 4)]),
        (TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata"), [new(2026, 4, 5), new(2026, 10, 4)]),
    ];

    private static readonly DateOnly[] OrdinaryDates = [new(2026, 1, 9), new(2026, 6, 15), new(2026, 12, 24)];

    // Where the clocks go back, 01:00–02:00 (New York) or 02:00–03:00 (Berlin, Sydney) happens twice.
    private static readonly DateOnly[] FallBackDates = [new(2026, 11, 1), new(2026, 10, 25), new(2026, 4, 5)];

    private static readonly DayOfWeek[] MondayToFriday = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    public static TheoryData<int> Cases => new(Enumerable.Range(0, CaseCount));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Calendar_agrees_with_the_wall_clock_walked_minute_by_minute(int caseNumber)
    {
        var random = new Random(Seed + caseNumber);
        var scenario = Scenario.Generate(random, caseNumber);
        var calendar = new BusinessCalendar(scenario.Zone, scenario.Hours, scenario.Holidays);
        var business = scenario.WalkMinutes();
        var businessMinutes = business.Count(b => b);

        calendar.BusinessTimeBetween(scenario.From, scenario.To)
            .Should().Be(TimeSpan.FromMinutes(businessMinutes), "{0}", scenario);

        var first = random.Next(business.Length + 1);
        var last = random.Next(first, business.Length + 1);
        calendar.BusinessTimeBetween(scenario.MinuteAt(first), scenario.MinuteAt(last))
            .Should().Be(TimeSpan.FromMinutes(business[first..last].Count(b => b)), "{0}, sub-span of minutes {1}..{2}", scenario, first, last);

        CheckAddBusinessTime(calendar, scenario, business, random);
        CheckInstants(calendar, scenario, business, random);
    }

    private static void CheckAddBusinessTime(BusinessCalendar calendar, Scenario scenario, bool[] business, Random random)
    {
        calendar.AddBusinessTime(scenario.From, TimeSpan.Zero).Should().Be(scenario.From, "{0}", scenario);

        // The minute index at which the n-th business minute starts, for n = 1, 2, ...
        var businessMinuteStarts = Enumerable.Range(0, business.Length).Where(i => business[i]).ToArray();
        if (businessMinuteStarts.Length == 0)
        {
            return;
        }

        int[] durations = [1, businessMinuteStarts.Length, random.Next(1, businessMinuteStarts.Length + 1), random.Next(1, businessMinuteStarts.Length + 1)];
        foreach (var minutes in durations)
        {
            // The earliest end: one minute after the minute that completes the duration, so the minute before is not enough.
            var expected = scenario.MinuteAt(businessMinuteStarts[minutes - 1] + 1);
            var end = calendar.AddBusinessTime(scenario.From, TimeSpan.FromMinutes(minutes));
            end.Should().Be(expected, "{0}, adding {1} min", scenario, minutes);
            end.Offset.Should().Be(TimeSpan.Zero);

            var lessHalfMinute = TimeSpan.FromMinutes(minutes) - TimeSpan.FromSeconds(30);
            calendar.AddBusinessTime(scenario.From, lessHalfMinute)
                .Should().Be(expected - TimeSpan.FromSeconds(30), "{0}, adding {1}", scenario, lessHalfMinute);
        }
    }

    private static void CheckInstants(BusinessCalendar calendar, Scenario scenario, bool[] business, Random random)
    {
        for (var sample = 0; sample < 40 && business.Length > 0; sample++)
        {
            var minute = random.Next(business.Length);
            var instant = scenario.MinuteAt(minute);
            calendar.IsBusinessTime(instant).Should().Be(business[minute], "{0}, at {1:O}", scenario, instant);
            calendar.IsBusinessTime(instant.AddSeconds(59)).Should().Be(business[minute], "{0}, at {1:O} + 59 s", scenario, instant);

            var next = Array.IndexOf(business, true, minute);
            if (next >= 0)
            {
                calendar.NextBusinessTimeStart(instant).Should().Be(scenario.MinuteAt(next), "{0}, next after {1:O}", scenario, instant);
            }
        }
    }

    private sealed record Scenario(int Number, TimeZoneInfo Zone, IReadOnlyList<WorkingHours> Hours, IReadOnlySet<DateOnly> Holidays, DateTimeOffset From, DateTimeOffset To)
    {
        public static Scenario Generate(Random random, int number)
        {
            var (zone, clockChanges) = Zones[random.Next(Zones.Length)];
            var anchors = random.Next(4) == 0 ? OrdinaryDates : clockChanges;
            var anchor = anchors[random.Next(anchors.Length)];
            var from = new DateTimeOffset(anchor.AddDays(-random.Next(5)).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
                .AddMinutes(random.Next(24 * 60));
            var to = from.AddMinutes(random.Next(MaxSpanMinutes + 1));

            var holidays = new HashSet<DateOnly>();
            var firstDate = DateOnly.FromDateTime(from.UtcDateTime).AddDays(-1);
            var spanDays = (int)(to - from).TotalDays + 3;
            for (var count = random.Next(4); count > 0; count--)
            {
                holidays.Add(firstDate.AddDays(random.Next(spanDays)));
            }

            if (random.Next(3) == 0)
            {
                holidays.Add(anchor);
            }

            return new Scenario(number, zone, GenerateHours(random, avoidRepeatedHour: FallBackDates.Contains(anchor)), holidays, from, to);
        }

        /// <summary>Whether each minute of [From, To) is business time by the wall clock.</summary>
        public bool[] WalkMinutes()
        {
            var minutes = new bool[(int)(To - From).TotalMinutes];
            for (var i = 0; i < minutes.Length; i++)
            {
                var local = TimeZoneInfo.ConvertTime(MinuteAt(i), Zone).DateTime;
                var date = DateOnly.FromDateTime(local);
                var time = TimeOnly.FromDateTime(local);
                minutes[i] = !Holidays.Contains(date)
                    && Hours.Any(h => h.Day == date.DayOfWeek && h.Start <= time && (h.End == TimeOnly.MinValue || time < h.End));
            }

            return minutes;
        }

        public DateTimeOffset MinuteAt(int index) => From.AddMinutes(index);

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"seed {Seed} case {Number}: zone {Zone.Id}, hours [{string.Join(", ", Hours)}], holidays [{string.Join(", ", Holidays.Order().Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}], from {From:O} to {To:O}");
    }

    private static List<WorkingHours> GenerateHours(Random random, bool avoidRepeatedHour) => random.Next(12) switch
    {
        0 => Every(MondayToFriday, (8, 0, 17, 0)),
        1 => Every(MondayToFriday, (8, 0, 12, 0), (13, 0, 17, 0)),
        2 => Every(Enum.GetValues<DayOfWeek>(), (0, 0, 0, 0)),
        3 => Every([DayOfWeek.Saturday, DayOfWeek.Sunday], (9, 0, 18, 0)),
        // A night shift: to midnight, then on from midnight the next day.
        4 => [.. Every(MondayToFriday, (16, 0, 0, 0)), .. Every([DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday], (0, 0, 2, 0))],
        // Boundaries on the DST switch times themselves.
        5 => Every(Enum.GetValues<DayOfWeek>(), (1, 0, 4, 0)),
        6 => Every(Enum.GetValues<DayOfWeek>(), (0, 0, 2, 0), (3, 0, 5, 0), (23, 0, 0, 0)),
        7 or 8 => RandomHours(random, minutesApart: 15, lastMinute: 24 * 60, avoidRepeatedHour),
        9 => RandomHours(random, minutesApart: 60, lastMinute: 24 * 60, avoidRepeatedHour),
        // Crowded around the clock changes, which happen between 01:00 and 03:00 local time.
        _ => RandomHours(random, minutesApart: 15, lastMinute: 5 * 60, avoidRepeatedHour),
    };

    private static List<WorkingHours> Every(DayOfWeek[] days, params (int StartHour, int StartMinute, int EndHour, int EndMinute)[] intervals) =>
        [.. days.SelectMany(day => intervals.Select(i => new WorkingHours(day, new TimeOnly(i.StartHour, i.StartMinute), new TimeOnly(i.EndHour, i.EndMinute))))];

    /// <summary>
    /// Up to three intervals a day, on boundaries some minutes apart up to a last minute of the day. Near a fall-back, boundaries strictly inside
    /// 01:00–03:00 off the hour are left out: the repeated hour lies there in these zones, and the calendar's
    /// first-occurrence rule deliberately differs from a pure wall-clock reading for them (see the hand-written tests).
    /// </summary>
    private static List<WorkingHours> RandomHours(Random random, int minutesApart, int lastMinute, bool avoidRepeatedHour)
    {
        var boundaries = Enumerable.Range(0, (lastMinute / minutesApart) + 1).Select(step => step * minutesApart)
            .Where(minute => !avoidRepeatedHour || minute is <= 60 or >= 180 || minute % 60 == 0).ToArray();
        var hours = new List<WorkingHours>();
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var chosen = boundaries.OrderBy(_ => random.Next()).Take(2 * random.Next(4)).Order().ToArray();
            for (var i = 0; i < chosen.Length; i += 2)
            {
                hours.Add(new WorkingHours(day, TimeAt(chosen[i]), TimeAt(chosen[i + 1])));
            }
        }

        return hours;

        // 24:00 is written as 00:00, meaning midnight at the end of the day.
        static TimeOnly TimeAt(int minuteOfDay) => new(minuteOfDay / 60 % 24, minuteOfDay % 60);
    }
}
