using WorkflowItsm.Itsm.ServiceLevels;

namespace WorkflowItsm.Itsm.Tests.ServiceLevels;

public sealed class HolidayCalendarImportTests
{
    [Fact]
    public void Reads_date_events_with_and_without_VALUE_DATE()
    {
        var holidays = HolidayCalendarImport.Parse(Calendar(
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20261226", "SUMMARY:Zweiter Weihnachtstag", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART:20261225", "SUMMARY:Erster Weihnachtstag", "END:VEVENT"), 2026, 2026);

        holidays.Should().Equal(
            new Holiday(new DateOnly(2026, 12, 25), "Erster Weihnachtstag"),
            new Holiday(new DateOnly(2026, 12, 26), "Zweiter Weihnachtstag"));
    }

    [Fact]
    public void Unfolds_lines_folded_with_CRLF_or_LF_and_a_space_or_tab()
    {
        var text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:2026\r\n 1003\r\nSUMMARY:Tag der Deutschen\n\t Einheit\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

        HolidayCalendarImport.Parse(text, 2026, 2026).Should().Equal(new Holiday(new DateOnly(2026, 10, 3), "Tag der Deutschen Einheit"));
    }

    [Fact]
    public void Unescapes_the_summary()
    {
        var holidays = HolidayCalendarImport.Parse(Calendar(
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20260501", @"SUMMARY;LANGUAGE=de:Tag der Arbeit\, Maifeiertag\; bundesweit\nC:\\Feiertage\N", "END:VEVENT"), 2026, 2026);

        holidays.Single().Name.Should().Be("Tag der Arbeit, Maifeiertag; bundesweit\nC:\\Feiertage\n");
    }

    [Fact]
    public void Takes_the_written_date_of_date_times_in_UTC_with_TZID_or_floating()
    {
        var holidays = HolidayCalendarImport.Parse(Calendar(
            "BEGIN:VEVENT", "DTSTART:20261231T230000Z", "SUMMARY:Silvester", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART;TZID=Europe/Berlin:20260406T000000", "SUMMARY:Ostermontag", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART;TZID=\"America/New_York\":20260704T120000", "SUMMARY:Independence Day", "END:VEVENT"), 2026, 2026);

        holidays.Select(h => h.Date).Should().Equal(new DateOnly(2026, 4, 6), new DateOnly(2026, 7, 4), new DateOnly(2026, 12, 31));
    }

    [Fact]
    public void An_exclusive_DTEND_makes_a_holiday_of_each_date_before_it()
    {
        var holidays = HolidayCalendarImport.Parse(Calendar(
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20261224", "DTEND;VALUE=DATE:20261227", "SUMMARY:Weihnachten", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART:20260525T000000Z", "DTEND:20260526T000000Z", "SUMMARY:Pfingstmontag", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART:20260101T090000", "DTEND:20260101T170000", "SUMMARY:Neujahr", "END:VEVENT"), 2026, 2026);

        holidays.Select(h => h.Date).Should().Equal(
            new DateOnly(2026, 1, 1), new DateOnly(2026, 5, 25), new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 25), new DateOnly(2026, 12, 26));
    }

    [Fact]
    public void Yearly_events_repeat_on_their_month_and_day_within_the_range()
    {
        var holidays = HolidayCalendarImport.Parse(Calendar(
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20200101", "RRULE:FREQ=YEARLY", "SUMMARY:Neujahr", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20200501", "RRULE:FREQ=YEARLY;COUNT=8", "SUMMARY:Count", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20200601", "RRULE:FREQ=YEARLY;UNTIL=20270601T000000Z", "SUMMARY:Until", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20200701", "RRULE:FREQ=YEARLY;INTERVAL=3", "SUMMARY:Every third year", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20241003", "RRULE:FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=3", "SUMMARY:Einheit", "END:VEVENT"), 2026, 2028);

        Dates(holidays, "Neujahr").Should().Equal(new DateOnly(2026, 1, 1), new DateOnly(2027, 1, 1), new DateOnly(2028, 1, 1));
        Dates(holidays, "Count").Should().Equal(new DateOnly(2026, 5, 1), new DateOnly(2027, 5, 1));
        Dates(holidays, "Until").Should().Equal(new DateOnly(2026, 6, 1), new DateOnly(2027, 6, 1));
        Dates(holidays, "Every third year").Should().Equal(new DateOnly(2026, 7, 1));
        Dates(holidays, "Einheit").Should().Equal(new DateOnly(2026, 10, 3), new DateOnly(2027, 10, 3), new DateOnly(2028, 10, 3));
        holidays.Select(h => h.Date).Should().BeInAscendingOrder();
    }

    [Fact]
    public void Yearly_events_keep_their_length_and_skip_a_missing_29_February()
    {
        var holidays = HolidayCalendarImport.Parse(Calendar(
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20201231", "DTEND;VALUE=DATE:20210102", "RRULE:FREQ=YEARLY", "SUMMARY:Turn of the year", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20200229", "RRULE:FREQ=YEARLY;COUNT=3", "SUMMARY:Leap day", "END:VEVENT"), 2027, 2028);

        Dates(holidays, "Turn of the year").Should().Equal(new DateOnly(2027, 1, 1), new DateOnly(2027, 12, 31), new DateOnly(2028, 1, 1), new DateOnly(2028, 12, 31));
        Dates(holidays, "Leap day").Should().Equal(new DateOnly(2028, 2, 29));
    }

    [Fact]
    public void Rules_other_than_plain_yearly_keep_only_their_first_date()
    {
        var holidays = HolidayCalendarImport.Parse(Calendar(
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20261126", "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH", "SUMMARY:Thanksgiving", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20260105", "RRULE:FREQ=WEEKLY", "SUMMARY:Weekly", "END:VEVENT"), 2026, 2027);

        holidays.Select(h => h.Date).Should().Equal(new DateOnly(2026, 1, 5), new DateOnly(2026, 11, 26));
    }

    [Fact]
    public void Ignores_other_components_and_dates_outside_the_range()
    {
        var holidays = HolidayCalendarImport.Parse(Calendar(
            "PRODID:-//Example//Holidays//EN",
            "BEGIN:VTIMEZONE", "TZID:Europe/Berlin", "BEGIN:STANDARD", "DTSTART:19701025T030000", "END:STANDARD", "END:VTIMEZONE",
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20251225", "SUMMARY:Last year", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20260101", "SUMMARY:Neujahr",
            "BEGIN:VALARM", "TRIGGER:-PT15M", "DESCRIPTION:Reminder", "END:VALARM", "END:VEVENT"), 2026, 2026);

        holidays.Should().Equal(new Holiday(new DateOnly(2026, 1, 1), "Neujahr"));
    }

    [Fact]
    public void Imported_holidays_close_a_business_calendar()
    {
        var holidays = HolidayCalendarImport.Parse(Calendar("BEGIN:VEVENT", "DTSTART;VALUE=DATE:20260101", "RRULE:FREQ=YEARLY", "END:VEVENT"), 2026, 2027);
        var calendar = new BusinessCalendar(TimeZoneInfo.Utc,
            Enum.GetValues<DayOfWeek>().Select(day => new WorkingHours(day, TimeOnly.MinValue, TimeOnly.MinValue)),
            holidays.Select(h => h.Date));

        holidays.Should().OnlyContain(h => h.Name == "");
        calendar.IsBusinessTime(new DateTimeOffset(2027, 1, 1, 12, 0, 0, TimeSpan.Zero)).Should().BeFalse();
        calendar.IsBusinessTime(new DateTimeOffset(2027, 1, 2, 12, 0, 0, TimeSpan.Zero)).Should().BeTrue();
    }

    [Theory]
    [InlineData("", 1, "*line 1:*BEGIN:VCALENDAR*")]
    [InlineData("BEGIN:VEVENT\nDTSTART:20260101\nEND:VEVENT", 1, "*line 1:*expected BEGIN:VCALENDAR*")]
    [InlineData("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:No date\nEND:VEVENT\nEND:VCALENDAR", 2, "*line 2:*no DTSTART*")]
    [InlineData("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Bad\nDTSTART;VALUE=DATE:20261332\nEND:VEVENT\nEND:VCALENDAR", 4, "*line 4:*DTSTART '20261332'*")]
    [InlineData("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:2026-12-25\nEND:VEVENT\nEND:VCALENDAR", 3, "*line 3:*DTSTART '2026-12-25'*")]
    [InlineData("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261225T000000\nEND:VEVENT\nEND:VCALENDAR", 3, "*line 3:*not a date*")]
    [InlineData("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261225\nDTEND;VALUE=DATE:20261225\nEND:VEVENT\nEND:VCALENDAR", 4, "*line 4:*DTEND*not after*")]
    [InlineData("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20261225\nRRULE:FREQ=YEARLY;COUNT=zero\nEND:VEVENT\nEND:VCALENDAR", 4, "*line 4:*COUNT*")]
    [InlineData("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20261225\nRRULE:COUNT=2\nEND:VEVENT\nEND:VCALENDAR", 4, "*line 4:*no FREQ*")]
    [InlineData("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20261225\nEND:VCALENDAR", 4, "*line 4:*END:VCALENDAR does not close BEGIN:VEVENT of line 2*")]
    [InlineData("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20261225\nEND:VEVENT", 4, "*line 4:*ends before END:VCALENDAR*line 1*")]
    [InlineData("BEGIN:VCALENDAR\n\nJUST TEXT\nEND:VCALENDAR", 3, "*line 3:*expected NAME:VALUE*")]
    [InlineData(" BEGIN:VCALENDAR", 1, "*line 1:*continuation*")]
    public void Malformed_text_is_refused_naming_the_line(string text, int line, string message)
    {
        var act = () => HolidayCalendarImport.Parse(text, 2026, 2026);

        act.Should().Throw<FormatException>().WithMessage(message).Which.Message.Should().StartWith($"iCalendar line {line}:");
    }

    [Fact]
    public void The_year_range_must_not_be_reversed()
    {
        var act = () => HolidayCalendarImport.Parse(Calendar(), 2027, 2026);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    private static string Calendar(params string[] lines) => string.Join("\r\n", ["BEGIN:VCALENDAR", "VERSION:2.0", .. lines, "END:VCALENDAR"]) + "\r\n";

    private static IEnumerable<DateOnly> Dates(IEnumerable<Holiday> holidays, string name) => holidays.Where(h => h.Name == name).Select(h => h.Date);
}
