using System.Globalization;
using WorkflowItsm.Web.Changes.Cab;

namespace WorkflowItsm.Web.Tests.Changes;

/// <summary>The CAB page reads a board's schedule in words, not as its cron expression.</summary>
public sealed class CabWordsTests
{
    private static string At(int hour, int minute) => new TimeOnly(hour, minute).ToString("t", CultureInfo.CurrentCulture);

    [Theory]
    [InlineData("0 14 * * 2", "Tuesdays", 14, 0)]
    [InlineData("30 9 * * 1,4", "Mondays and Thursdays", 9, 30)]
    [InlineData("0 8 * * 1-5", "Mondays, Tuesdays, Wednesdays, Thursdays and Fridays", 8, 0)]
    [InlineData("0 10 * * 0", "Sundays", 10, 0)]
    [InlineData("0 8 * * *", "every day", 8, 0)]
    public void A_weekly_schedule_reads_as_days_and_time(string cron, string days, int hour, int minute) =>
        CabWords.Schedule(cron).Should().Be($"{days} at {At(hour, minute)}");

    [Theory]
    [InlineData("0 14 1 * *")]
    [InlineData("*/15 * * * *")]
    [InlineData("0 14 * * 2 extra")]
    public void Any_other_schedule_reads_as_its_cron_text(string cron) =>
        CabWords.Schedule(cron).Should().Be($"on the schedule {cron}");
}
