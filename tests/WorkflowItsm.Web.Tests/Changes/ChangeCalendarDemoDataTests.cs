using WorkflowItsm.Itsm.Calendars;
using WorkflowItsm.Web.Changes.Calendar;

namespace WorkflowItsm.Web.Tests.Changes;

/// <summary>
/// The demo's Exchange upgrade must be outside the mail window on every day the demo starts: CI failed on a Sunday,
/// when tonight's upgrade fell inside "Mail Sunday night" and the calendar lost the conflict the browser test reads.
/// </summary>
public sealed class ChangeCalendarDemoDataTests
{
    private static readonly ChangeWindow MailSundayNight = new()
    {
        Name = "Mail Sunday night", Kind = ChangeWindowKind.Maintenance, Days = WeekDays.Sunday, StartTime = new TimeOnly(22, 0), DurationMinutes = 240,
        TimeZone = "Europe/Berlin", CreatedBy = "system",
    };

    [Theory]
    [InlineData("2026-12-06")] // the Sunday CI failed on
    [InlineData("2026-12-07")]
    [InlineData("2026-12-12")]
    [InlineData("2026-03-29")] // the Sunday Berlin moves to summer time
    [InlineData("2026-10-25")] // and back
    public void The_demo_upgrade_of_tonight_lies_outside_the_mail_window_on_the_day_the_demo_starts(string day)
    {
        var today = DateTime.SpecifyKind(DateTime.Parse(day, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);

        var patch = ChangeCalendarDemoData.ConflictingEvening(MailSundayNight, today);

        patch.Date.Should().Be(today, "the calendar's week must show tonight's changes");
        var (upgradeStart, upgradeEnd) = (patch.AddMinutes(30), patch.AddMinutes(90));
        MailSundayNight.Occurrences(today.AddDays(-1), today.AddDays(2)).Should()
            .NotContain(o => o.Start <= upgradeStart && o.End >= upgradeEnd, "the upgrade is the demo's change outside its maintenance window");
    }

    [Fact]
    public void On_a_weekday_the_changes_are_at_nine_in_the_evening()
    {
        ChangeCalendarDemoData.ConflictingEvening(MailSundayNight, new DateTime(2026, 12, 7, 0, 0, 0, DateTimeKind.Utc))
            .Should().Be(new DateTime(2026, 12, 7, 21, 0, 0, DateTimeKind.Utc));
    }
}
