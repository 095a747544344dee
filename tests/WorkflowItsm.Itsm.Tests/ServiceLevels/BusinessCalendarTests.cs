using System.Globalization;
using WorkflowItsm.Itsm.ServiceLevels;

namespace WorkflowItsm.Itsm.Tests.ServiceLevels;

public sealed class BusinessCalendarTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly DayOfWeek[] MondayToFriday = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    [Fact]
    public void Friday_16_00_plus_two_business_hours_is_Monday_09_00()
    {
        var calendar = new BusinessCalendar(Berlin, Hours(MondayToFriday, "08:00", "17:00"));

        var due = calendar.AddBusinessTime(At("2026-01-09T16:00:00+01:00"), TimeSpan.FromHours(2));

        due.Should().Be(At("2026-01-12T09:00:00+01:00"));
        due.Offset.Should().Be(TimeSpan.Zero);
        calendar.BusinessTimeBetween(At("2026-01-09T16:00:00+01:00"), due).Should().Be(TimeSpan.FromHours(2));
    }

    [Fact]
    public void A_holiday_Monday_moves_the_due_time_to_Tuesday()
    {
        var calendar = new BusinessCalendar(Berlin, Hours(MondayToFriday, "08:00", "17:00"), [new DateOnly(2026, 1, 12)]);

        calendar.AddBusinessTime(At("2026-01-09T16:00:00+01:00"), TimeSpan.FromHours(2)).Should().Be(At("2026-01-13T09:00:00+01:00"));
        calendar.BusinessTimeBetween(At("2026-01-09T00:00:00+01:00"), At("2026-01-14T00:00:00+01:00")).Should().Be(TimeSpan.FromHours(18));
        calendar.IsBusinessTime(At("2026-01-12T10:00:00+01:00")).Should().BeFalse();
        calendar.NextBusinessTimeStart(At("2026-01-09T17:00:00+01:00")).Should().Be(At("2026-01-13T08:00:00+01:00"));
    }

    [Fact]
    public void Spring_forward_day_in_Berlin_has_two_real_hours_between_01_00_and_04_00()
    {
        var calendar = new BusinessCalendar(Berlin, Hours([DayOfWeek.Sunday], "01:00", "04:00"));

        calendar.BusinessTimeBetween(At("2026-03-28T00:00:00Z"), At("2026-03-30T00:00:00Z")).Should().Be(TimeSpan.FromHours(2));
        // 01:00 CET is 00:00 UTC; 04:00 CEST is 02:00 UTC.
        calendar.AddBusinessTime(At("2026-03-28T12:00:00Z"), TimeSpan.FromHours(2)).Should().Be(At("2026-03-29T02:00:00Z"));
        calendar.IsBusinessTime(At("2026-03-29T01:30:00Z")).Should().BeTrue();
    }

    [Fact]
    public void Fall_back_day_in_Berlin_has_four_real_hours_between_01_00_and_04_00()
    {
        var calendar = new BusinessCalendar(Berlin, Hours([DayOfWeek.Sunday], "01:00", "04:00"));

        calendar.BusinessTimeBetween(At("2026-10-24T00:00:00Z"), At("2026-10-26T00:00:00Z")).Should().Be(TimeSpan.FromHours(4));
        // 01:00 CEST is 23:00 UTC the day before; 04:00 CET is 03:00 UTC.
        calendar.NextBusinessTimeStart(At("2026-10-24T12:00:00Z")).Should().Be(At("2026-10-24T23:00:00Z"));
        calendar.AddBusinessTime(At("2026-10-24T12:00:00Z"), TimeSpan.FromHours(4)).Should().Be(At("2026-10-25T03:00:00Z"));
        calendar.IsBusinessTime(At("2026-10-25T01:30:00Z")).Should().BeTrue("the second 02:30 lies inside 01:00–04:00 too");
    }

    [Fact]
    public void An_interval_starting_inside_the_repeated_hour_starts_at_its_first_occurrence()
    {
        var calendar = new BusinessCalendar(Berlin, Hours([DayOfWeek.Sunday], "02:30", "05:00"));

        // The first 02:30 is CEST, 00:30 UTC; 05:00 CET is 04:00 UTC.
        calendar.NextBusinessTimeStart(At("2026-10-24T12:00:00Z")).Should().Be(At("2026-10-25T00:30:00Z"));
        calendar.BusinessTimeBetween(At("2026-10-24T00:00:00Z"), At("2026-10-26T00:00:00Z")).Should().Be(TimeSpan.FromHours(3.5));
        calendar.IsBusinessTime(At("2026-10-25T01:15:00Z")).Should().BeTrue("02:15 CET comes after the first 02:30");
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-03-29", "02:30", "2026-03-29T01:00:00Z")] // gap: the jump from 02:00 CET to 03:00 CEST
    [InlineData("Europe/Berlin", "2026-03-29", "03:00", "2026-03-29T01:00:00Z")]
    [InlineData("Europe/Berlin", "2026-10-25", "02:00", "2026-10-25T00:00:00Z")] // repeated: the first, CEST
    [InlineData("Europe/Berlin", "2026-10-25", "02:59", "2026-10-25T00:59:00Z")]
    [InlineData("Europe/Berlin", "2026-10-25", "03:00", "2026-10-25T02:00:00Z")]
    [InlineData("America/New_York", "2026-03-08", "02:30", "2026-03-08T07:00:00Z")]
    [InlineData("America/New_York", "2026-11-01", "01:30", "2026-11-01T05:30:00Z")]
    [InlineData("Australia/Sydney", "2026-10-04", "02:30", "2026-10-03T16:00:00Z")]
    [InlineData("Australia/Sydney", "2026-04-05", "02:30", "2026-04-04T15:30:00Z")]
    [InlineData("Asia/Kolkata", "2026-01-05", "09:00", "2026-01-05T03:30:00Z")]
    public void ToUtc_maps_a_missing_time_to_the_jump_and_a_repeated_time_to_its_first_occurrence(string zone, string date, string time, string expected)
    {
        var calendar = new BusinessCalendar(TimeZoneInfo.FindSystemTimeZoneById(zone), []);

        var instant = calendar.ToUtc(DateOnly.Parse(date, CultureInfo.InvariantCulture), TimeOnly.Parse(time, CultureInfo.InvariantCulture));

        instant.Should().Be(At(expected));
        instant.Offset.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void Kolkata_half_hour_offset_places_the_hours_at_half_past_UTC()
    {
        var calendar = new BusinessCalendar(TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata"), Hours(MondayToFriday, "09:00", "17:30"));

        calendar.IsBusinessTime(At("2026-01-05T03:29:00Z")).Should().BeFalse();
        calendar.IsBusinessTime(At("2026-01-05T03:30:00Z")).Should().BeTrue();
        calendar.NextBusinessTimeStart(At("2026-01-05T00:00:00Z")).Should().Be(At("2026-01-05T03:30:00Z"));
        calendar.AddBusinessTime(At("2026-01-05T03:30:00Z"), TimeSpan.FromHours(8.5)).Should().Be(At("2026-01-05T12:00:00Z"));
        calendar.BusinessTimeBetween(At("2026-01-05T00:00:00Z"), At("2026-01-06T00:00:00Z")).Should().Be(TimeSpan.FromHours(8.5));
    }

    [Fact]
    public void An_end_of_00_00_runs_to_midnight()
    {
        var calendar = new BusinessCalendar(TimeZoneInfo.Utc, Hours([DayOfWeek.Monday], "18:00", "00:00"));

        calendar.WeeklyHours.Should().ContainSingle().Which.RunsToMidnight.Should().BeTrue();
        calendar.BusinessTimeBetween(At("2026-01-05T00:00:00Z"), At("2026-01-06T00:00:00Z")).Should().Be(TimeSpan.FromHours(6));
        calendar.AddBusinessTime(At("2026-01-05T23:00:00Z"), TimeSpan.FromHours(1)).Should().Be(At("2026-01-06T00:00:00Z"));
        calendar.IsBusinessTime(At("2026-01-05T23:59:59.9999999Z")).Should().BeTrue();
        calendar.IsBusinessTime(At("2026-01-06T00:00:00Z")).Should().BeFalse();
        calendar.NextBusinessTimeStart(At("2026-01-06T00:00:00Z")).Should().Be(At("2026-01-12T18:00:00Z"));
    }

    [Fact]
    public void A_night_shift_across_midnight_is_two_intervals_that_run_on()
    {
        var calendar = new BusinessCalendar(Berlin, [
            new WorkingHours(DayOfWeek.Monday, new TimeOnly(22, 0), TimeOnly.MinValue),
            new WorkingHours(DayOfWeek.Tuesday, TimeOnly.MinValue, new TimeOnly(6, 0)),
        ]);

        calendar.AddBusinessTime(At("2026-01-05T22:00:00+01:00"), TimeSpan.FromHours(8)).Should().Be(At("2026-01-06T06:00:00+01:00"));
        calendar.IsBusinessTime(At("2026-01-06T00:00:00+01:00")).Should().BeTrue();
    }

    [Fact]
    public void Touching_intervals_run_on_without_a_break()
    {
        var calendar = new BusinessCalendar(Berlin, [.. Hours(MondayToFriday, "08:00", "12:00"), .. Hours(MondayToFriday, "12:00", "17:00")]);

        calendar.AddBusinessTime(At("2026-01-05T08:00:00+01:00"), TimeSpan.FromHours(9)).Should().Be(At("2026-01-05T17:00:00+01:00"));
        calendar.IsBusinessTime(At("2026-01-05T12:00:00+01:00")).Should().BeTrue();
    }

    [Fact]
    public void Always_open_counts_every_instant()
    {
        var calendar = BusinessCalendar.AlwaysOpen;
        var start = At("2026-03-29T01:30:00+02:00");

        calendar.BusinessTimeBetween(start, start.AddDays(400)).Should().Be(TimeSpan.FromDays(400));
        calendar.AddBusinessTime(start, TimeSpan.FromMinutes(90)).Should().Be(start.AddMinutes(90));
        calendar.IsBusinessTime(start).Should().BeTrue();
        calendar.NextBusinessTimeStart(start).Should().Be(start);
    }

    [Fact]
    public void Adding_nothing_returns_the_start_in_UTC_even_outside_business_hours()
    {
        var calendar = new BusinessCalendar(Berlin, Hours(MondayToFriday, "08:00", "17:00"));
        var saturday = At("2026-01-10T10:00:00+01:00");

        var result = calendar.AddBusinessTime(saturday, TimeSpan.Zero);

        result.Should().Be(saturday);
        result.Offset.Should().Be(TimeSpan.Zero);
        calendar.Invoking(c => c.AddBusinessTime(saturday, TimeSpan.FromTicks(-1))).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Business_time_is_zero_when_the_span_is_empty_or_reversed()
    {
        var calendar = BusinessCalendar.AlwaysOpen;

        calendar.BusinessTimeBetween(At("2026-01-05T10:00:00Z"), At("2026-01-05T10:00:00Z")).Should().Be(TimeSpan.Zero);
        calendar.BusinessTimeBetween(At("2026-01-05T10:00:00Z"), At("2026-01-05T09:00:00Z")).Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void A_year_counts_each_working_weekday_that_is_no_holiday()
    {
        // 2026 has 261 weekdays; 1 January, 24 and 25 December are weekdays, 26 December is a Saturday.
        DateOnly[] holidays = [new(2026, 1, 1), new(2026, 12, 24), new(2026, 12, 25), new(2026, 12, 26)];
        var calendar = new BusinessCalendar(Berlin, Hours(MondayToFriday, "08:00", "17:00"), holidays);
        var start = At("2026-01-01T00:00:00+01:00");
        var end = At("2027-01-01T00:00:00+01:00");

        var year = calendar.BusinessTimeBetween(start, end);

        year.Should().Be(TimeSpan.FromHours(258 * 9));
        var middle = At("2026-07-15T12:34:00Z");
        (calendar.BusinessTimeBetween(start, middle) + calendar.BusinessTimeBetween(middle, end)).Should().Be(year);
        calendar.AddBusinessTime(start, year).Should().Be(At("2026-12-31T17:00:00+01:00"));
    }

    [Fact]
    public void Overlapping_intervals_are_refused_naming_the_day()
    {
        var act = () => new BusinessCalendar(Berlin, [
            new WorkingHours(DayOfWeek.Wednesday, new TimeOnly(8, 0), new TimeOnly(12, 0)),
            new WorkingHours(DayOfWeek.Wednesday, new TimeOnly(11, 0), new TimeOnly(17, 0)),
        ]);

        act.Should().Throw<ArgumentException>().WithMessage("*Wednesday*overlap*08:00–12:00*11:00–17:00*").And.ParamName.Should().Be("workingHours");
    }

    [Fact]
    public void An_interval_ending_before_it_starts_is_refused_naming_the_day()
    {
        var act = () => new BusinessCalendar(Berlin, [new WorkingHours(DayOfWeek.Friday, new TimeOnly(17, 0), new TimeOnly(8, 0))]);

        act.Should().Throw<ArgumentException>().WithMessage("*Friday*");
    }

    [Fact]
    public void A_calendar_without_hours_never_reaches_a_due_time()
    {
        var calendar = new BusinessCalendar(Berlin, []);
        var now = At("2026-01-05T10:00:00Z");

        calendar.HasWorkingHours.Should().BeFalse();
        calendar.Invoking(c => c.AddBusinessTime(now, TimeSpan.FromHours(1))).Should().Throw<InvalidOperationException>().WithMessage("*no working hours*");
        calendar.Invoking(c => c.NextBusinessTimeStart(now)).Should().Throw<InvalidOperationException>().WithMessage("*no working hours*");
        calendar.BusinessTimeBetween(now, now.AddDays(30)).Should().Be(TimeSpan.Zero);
        calendar.IsBusinessTime(now).Should().BeFalse();
    }

    [Fact]
    public void Holidays_on_every_working_day_stop_the_search_after_20_years()
    {
        var mondays = Enumerable.Range(0, 25 * 53).Select(week => new DateOnly(2026, 1, 5).AddDays(7 * week));
        var calendar = new BusinessCalendar(Berlin, Hours([DayOfWeek.Monday], "08:00", "17:00"), mondays);
        var now = At("2026-01-05T10:00:00Z");

        calendar.Invoking(c => c.AddBusinessTime(now, TimeSpan.FromHours(1))).Should().Throw<InvalidOperationException>().WithMessage("*20 years*");
        calendar.Invoking(c => c.NextBusinessTimeStart(now)).Should().Throw<InvalidOperationException>().WithMessage("*20 years*");
    }

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    private static IEnumerable<WorkingHours> Hours(DayOfWeek[] days, string start, string end) =>
        days.Select(day => new WorkingHours(day, TimeOnly.Parse(start, CultureInfo.InvariantCulture), TimeOnly.Parse(end, CultureInfo.InvariantCulture)));
}
