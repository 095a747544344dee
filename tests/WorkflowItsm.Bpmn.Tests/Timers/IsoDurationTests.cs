using System.Globalization;
using WorkflowItsm.Bpmn.Timers;

namespace WorkflowItsm.Bpmn.Tests.Timers;

public sealed class IsoDurationTests
{
    private static IsoDuration Parse(string text)
    {
        IsoDuration.TryParse(text, out var duration, out var error).Should().BeTrue(error);
        return duration;
    }

    [Theory]
    [InlineData("PT4H", 0, 0, 0, 4 * 3600.0)]
    [InlineData("PT15M", 0, 0, 0, 900.0)]
    [InlineData("PT0.5S", 0, 0, 0, 0.5)]
    [InlineData("PT1,25S", 0, 0, 0, 1.25)]
    [InlineData("PT1.5H", 0, 0, 0, 5400.0)]
    [InlineData("P1D", 0, 0, 1, 0.0)]
    [InlineData("P2W", 0, 0, 14, 0.0)]
    [InlineData("P1Y2M10DT2H30M", 1, 2, 10, 9000.0)]
    [InlineData("P1W2D", 0, 0, 9, 0.0)]
    [InlineData("PT0S", 0, 0, 0, 0.0)]
    public void Parses_components(string text, int years, int months, int days, double seconds) =>
        Parse(text).Should().Be(new IsoDuration(years, months, days, TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData("", "expected an ISO-8601 duration")]
    [InlineData("P", "expected an ISO-8601 duration")]
    [InlineData("PT", "expected an ISO-8601 duration")]
    [InlineData("4H", "expected an ISO-8601 duration")]
    [InlineData("P1H", "unknown unit 'H' before T")]
    [InlineData("PT1D", "unknown unit 'D' after T")]
    [InlineData("P1DT", "misplaced 'T'")]
    [InlineData("PT5", "must be followed by a unit")]
    [InlineData("P1D2Y", "largest first")]
    [InlineData("PT1H1H", "largest first")]
    [InlineData("PT1.5H30M", "only the last may have a fraction")]
    [InlineData("P1.5D", "fractions are only supported for hours, minutes and seconds")]
    [InlineData("-P1D", "negative durations")]
    [InlineData("P99999999999Y", "too large")]
    public void Rejects_malformed_text_saying_why(string text, string expected)
    {
        IsoDuration.TryParse(text, out _, out var error).Should().BeFalse();

        error.Should().Contain(expected);
    }

    [Theory]
    [InlineData("2026-01-31T10:00:00Z", "P1M", "2026-02-28T10:00:00Z")]
    [InlineData("2028-01-31T10:00:00Z", "P1M", "2028-02-29T10:00:00Z")]
    [InlineData("2028-02-29T00:00:00Z", "P1Y", "2029-02-28T00:00:00Z")]
    [InlineData("2026-03-31T00:00:00Z", "P1M1D", "2026-05-01T00:00:00Z")]
    [InlineData("2026-12-31T23:30:00Z", "PT1H", "2027-01-01T00:30:00Z")]
    [InlineData("2026-01-01T00:00:00+02:00", "P1DT12H", "2026-01-02T12:00:00+02:00")]
    public void Adds_calendar_units_calendar_wise(string start, string duration, string expected) =>
        Parse(duration).AddTo(DateTimeOffset.Parse(start, CultureInfo.InvariantCulture)).Should().Be(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture));

    [Fact]
    public void Adding_several_times_at_once_keeps_the_month_end() =>
        Parse("P1M").AddTo(DateTimeOffset.Parse("2026-01-31T00:00:00Z", CultureInfo.InvariantCulture), 2).Should().Be(DateTimeOffset.Parse("2026-03-31T00:00:00Z", CultureInfo.InvariantCulture));
}
