using System.Globalization;
using WorkflowItsm.Bpmn.Timers;

namespace WorkflowItsm.Bpmn.Tests.Timers;

public sealed class TimerScheduleTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-01T09:00:00Z", CultureInfo.InvariantCulture);

    private static TimerSchedule Parse(TimerKind kind, string text)
    {
        TimerSchedule.TryParse(kind, text, out var schedule, out var error).Should().BeTrue(error);
        return schedule!;
    }

    private static string ParseError(TimerKind kind, string text)
    {
        TimerSchedule.TryParse(kind, text, out var schedule, out var error).Should().BeFalse();
        schedule.Should().BeNull();
        return error!;
    }

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-12-24T18:00:00Z", "2026-12-24T18:00:00Z")]
    [InlineData("2026-12-24T18:00:00+01:00", "2026-12-24T17:00:00Z")]
    [InlineData("2026-12-24T18:00:00", "2026-12-24T18:00:00Z")]
    [InlineData("2026-12-24T18:00", "2026-12-24T18:00:00Z")]
    [InlineData("2026-12-24", "2026-12-24T00:00:00Z")]
    [InlineData("2026-12-24T18:00:00.250Z", "2026-12-24T18:00:00.250Z")]
    public void A_date_is_due_once_at_that_instant(string text, string expected)
    {
        var schedule = Parse(TimerKind.Date, text);

        schedule.NextDue(Now, 0).Should().Be(At(expected));
        schedule.NextDue(Now, 1).Should().BeNull();
        schedule.IsRepeating.Should().BeFalse();
        schedule.Repetitions.Should().BeNull();
    }

    [Fact]
    public void A_date_written_as_a_duration_is_due_that_long_from_now_as_Camunda_7_reads_it()
    {
        var schedule = Parse(TimerKind.Date, "PT10M");

        schedule.NextDue(Now, 0).Should().Be(Now.AddMinutes(10));
        schedule.NextDue(Now, 1).Should().BeNull("it is due once");
        schedule.IsRepeating.Should().BeFalse();
        ParseError(TimerKind.Date, "PT10X").Should().StartWith("Invalid timeDate");
    }

    [Theory]
    [InlineData("24.12.2026 18:00")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026-02-30T00:00:00Z")]
    [InlineData("tomorrow")]
    public void A_malformed_date_is_rejected_naming_the_field(string text) =>
        ParseError(TimerKind.Date, text).Should().StartWith("Invalid timeDate").And.Contain(text);

    [Theory]
    [InlineData("PT4H", "2026-12-01T13:00:00Z")]
    [InlineData("P1D", "2026-12-02T09:00:00Z")]
    [InlineData("P1M", "2027-01-01T09:00:00Z")]
    [InlineData("P3M", "2027-03-01T09:00:00Z")]
    [InlineData("PT0.5S", "2026-12-01T09:00:00.5Z")]
    public void A_duration_is_due_once_after_arming(string text, string expected)
    {
        var schedule = Parse(TimerKind.Duration, text);

        schedule.NextDue(Now, 0).Should().Be(At(expected));
        schedule.NextDue(Now, 1).Should().BeNull();
    }

    [Fact]
    public void A_month_duration_from_a_month_end_clamps_to_the_shorter_month() =>
        Parse(TimerKind.Duration, "P1M").NextDue(At("2027-01-31T08:00:00Z"), 0).Should().Be(At("2027-02-28T08:00:00Z"));

    [Theory]
    [InlineData(TimerKind.Duration, "P9000Y")]
    [InlineData(TimerKind.Cycle, "R/P5000Y")]
    public void A_due_time_beyond_the_calendar_is_never_due(TimerKind kind, string text) =>
        Parse(kind, text).NextDue(At("9000-01-01T00:00:00Z"), 0).Should().BeNull();

    [Fact]
    public void A_bad_duration_says_which_field_and_why() =>
        ParseError(TimerKind.Duration, "PT4X").Should().Be("Invalid timeDuration 'PT4X': unknown unit 'X' after T; expected an ISO-8601 duration like P1D, PT4H, P1Y2M10DT2H30M or PT0.5S");

    [Fact]
    public void An_empty_text_is_rejected() =>
        ParseError(TimerKind.Cycle, "  ").Should().Be("The timeCycle is empty");

    [Fact]
    public void A_counted_cycle_fires_its_repetitions_then_stops()
    {
        var schedule = Parse(TimerKind.Cycle, "R3/PT10M");

        schedule.IsRepeating.Should().BeTrue();
        schedule.Repetitions.Should().Be(3);
        schedule.NextDue(Now, 0).Should().Be(Now.AddMinutes(10));
        schedule.NextDue(Now.AddMinutes(10), 1).Should().Be(Now.AddMinutes(20));
        schedule.NextDue(Now.AddMinutes(20), 2).Should().Be(Now.AddMinutes(30));
        schedule.NextDue(Now.AddMinutes(30), 3).Should().BeNull();
    }

    [Fact]
    public void A_cycle_without_a_count_repeats_forever()
    {
        var schedule = Parse(TimerKind.Cycle, "R/P1D");

        schedule.Repetitions.Should().BeNull();
        schedule.NextDue(Now, 100_000).Should().Be(Now.AddDays(1));
    }

    [Fact]
    public void Zero_repetitions_never_fire() =>
        Parse(TimerKind.Cycle, "R0/PT1H").NextDue(Now, 0).Should().BeNull();

    [Fact]
    public void A_cycle_with_a_future_start_fires_first_at_the_start()
    {
        var schedule = Parse(TimerKind.Cycle, "R2/2026-12-05T08:00:00Z/P1D");

        schedule.NextDue(Now, 0).Should().Be(At("2026-12-05T08:00:00Z"));
        schedule.NextDue(At("2026-12-05T08:00:00Z"), 1).Should().Be(At("2026-12-06T08:00:00Z"));
        schedule.NextDue(At("2026-12-06T08:00:00Z"), 2).Should().BeNull();
    }

    [Fact]
    public void A_cycle_anchored_in_the_past_skips_missed_occurrences_and_keeps_its_rhythm()
    {
        var schedule = Parse(TimerKind.Cycle, "R/2020-01-01T00:15:00Z/PT1H");

        schedule.NextDue(Now, 0).Should().Be(At("2026-12-01T09:15:00Z"));
        schedule.NextDue(At("2026-12-01T09:15:00Z"), 1).Should().Be(At("2026-12-01T10:15:00Z"));
        schedule.NextDue(At("2026-12-01T09:15:03Z"), 1).Should().Be(At("2026-12-01T10:15:00Z"));
    }

    [Fact]
    public void A_monthly_cycle_anchored_on_the_31st_stays_on_month_ends()
    {
        var schedule = Parse(TimerKind.Cycle, "R/2024-01-31T12:00:00Z/P1M");

        schedule.NextDue(At("2026-02-01T00:00:00Z"), 0).Should().Be(At("2026-02-28T12:00:00Z"));
        schedule.NextDue(At("2026-02-28T12:00:00Z"), 1).Should().Be(At("2026-03-31T12:00:00Z"));
        schedule.NextDue(At("2028-02-01T00:00:00Z"), 0).Should().Be(At("2028-02-29T12:00:00Z"));
    }

    [Fact]
    public void A_cycle_with_an_end_stops_after_it()
    {
        var schedule = Parse(TimerKind.Cycle, "R/PT1H/2026-12-01T11:00:00Z");

        schedule.NextDue(Now, 0).Should().Be(At("2026-12-01T10:00:00Z"));
        schedule.NextDue(At("2026-12-01T10:00:00Z"), 1).Should().Be(At("2026-12-01T11:00:00Z"));
        schedule.NextDue(At("2026-12-01T11:00:00Z"), 2).Should().BeNull();
    }

    [Theory]
    [InlineData("0 9 * * 1-5", "2026-12-01T09:00:00Z", "2026-12-02T09:00:00Z")] // Unix: Tuesday -> Wednesday 9:00
    [InlineData("*/15 * * * *", "2026-12-01T09:07:00Z", "2026-12-01T09:15:00Z")]
    [InlineData("0 0 9 ? * MON-FRI", "2026-12-04T09:00:00Z", "2026-12-07T09:00:00Z")] // Quartz: Friday -> Monday
    [InlineData("0 0 9 ? * 2", "2026-12-01T09:00:00Z", "2026-12-07T09:00:00Z")] // Quartz 2 = Monday
    [InlineData("0 0 9 ? * 1", "2026-12-01T09:00:00Z", "2026-12-06T09:00:00Z")] // Quartz 1 = Sunday
    [InlineData("0 0 9 ? * 2-6", "2026-12-04T09:00:00Z", "2026-12-07T09:00:00Z")] // Quartz 2-6 = Mon-Fri
    [InlineData("30 0 0 1 * ?", "2026-12-01T09:00:00Z", "2027-01-01T00:00:30Z")]
    [InlineData("0 0 12 L * ?", "2027-02-01T00:00:00Z", "2027-02-28T12:00:00Z")]
    [InlineData("0 0 12 29 2 ? *", "2026-12-01T00:00:00Z", "2028-02-29T12:00:00Z")] // leap day, year field '*'
    [InlineData("0 0 10 ? * 6#2", "2026-12-01T00:00:00Z", "2026-12-11T10:00:00Z")] // Quartz 6#2 = second Friday
    public void Cron_cycles_use_unix_or_quartz_weekdays_by_field_count(string cron, string from, string expected)
    {
        var schedule = Parse(TimerKind.Cycle, cron);

        schedule.Repetitions.Should().BeNull();
        schedule.NextDue(At(from), 3).Should().Be(At(expected));
    }

    [Theory]
    [InlineData("0 0 9 ? * 0", "day of week 0 is out of range")]
    [InlineData("0 0 9 ? * * 2027", "year field other than * or ? is not supported")]
    [InlineData("0 0 9 * * * * *", "a cron expression has 5 fields")]
    [InlineData("61 * * * *", "'61 * * * *'")]
    [InlineData("every hour", "expected R[n]/duration")]
    [InlineData("R/PT0S", "longer than zero")]
    [InlineData("Rx/PT1H", "'Rx' must be R or R followed by a number")]
    [InlineData("R-1/PT1H", "'R-1' must be R or R followed by a number")]
    [InlineData("R3", "expected R[n]/duration")]
    [InlineData("R3/PT1H/2026-13-01T00:00:00Z", "'R3/PT1H/2026-13-01T00:00:00Z': end '2026-13-01T00:00:00Z': not a valid date-time")]
    [InlineData("R3/2026-12-01/PT1H/", "expected R[n]/duration")]
    [InlineData("R3/2026-12-01 10:00/PT1H", "start '2026-12-01 10:00': expected an ISO-8601 date-time")]
    [InlineData("R3/2026-12-01T00:00:00Z/1 hour", "interval '1 hour': expected an ISO-8601 duration")]
    [InlineData("R3/a/b/c", "expected R[n]/duration")]
    public void Malformed_cycles_are_rejected_saying_why(string text, string expected) =>
        ParseError(TimerKind.Cycle, text).Should().StartWith("Invalid timeCycle").And.Contain(expected);
}
