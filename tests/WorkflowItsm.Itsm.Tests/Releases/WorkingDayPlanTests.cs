using WorkflowItsm.Itsm.Releases;

namespace WorkflowItsm.Itsm.Tests.Releases;

/// <summary>Issue 19, test 5: phases planned backwards in working days across weekends and holidays.</summary>
public sealed class WorkingDayPlanTests
{
    private static readonly HashSet<DateOnly> UsFederalHolidays2025 =
    [
        new(2025, 1, 1), new(2025, 1, 20), new(2025, 2, 17), new(2025, 5, 26), new(2025, 6, 19), new(2025, 7, 4),
        new(2025, 9, 1), new(2025, 10, 13), new(2025, 11, 11), new(2025, 11, 27), new(2025, 12, 25),
    ];

    private static bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !UsFederalHolidays2025.Contains(date);

    [Fact]
    public void Test5_phases_of_10_25_15_and_10_working_days_ending_on_readiness_2025_09_05_reproduce_the_published_example()
    {
        var phases = WorkingDayPlan.Backwards(new DateOnly(2025, 9, 5), [10, 25, 15, 10], IsWorkingDay);

        phases.Should().Equal(
            new PhaseDates(new DateOnly(2025, 6, 11), new DateOnly(2025, 6, 25)),
            new PhaseDates(new DateOnly(2025, 6, 26), new DateOnly(2025, 7, 31)),
            new PhaseDates(new DateOnly(2025, 8, 1), new DateOnly(2025, 8, 21)),
            new PhaseDates(new DateOnly(2025, 8, 22), new DateOnly(2025, 9, 5)));
    }

    [Fact]
    public void Test5_each_phase_counts_exactly_its_working_days_and_skips_the_holidays_inside_it()
    {
        var phases = WorkingDayPlan.Backwards(new DateOnly(2025, 9, 5), [10, 25, 15, 10], IsWorkingDay);

        int WorkingDaysIn(PhaseDates phase) => Enumerable.Range(0, phase.End.DayNumber - phase.Start.DayNumber + 1)
            .Select(phase.Start.AddDays).Count(IsWorkingDay);
        phases.Select(WorkingDaysIn).Should().Equal(10, 25, 15, 10);
        // Juneteenth (planning), Independence Day (development) and Labor Day (implementation) lie inside phases and are not counted.
        phases[0].Start.Should().BeBefore(new DateOnly(2025, 6, 19));
        phases[3].Start.Should().BeBefore(new DateOnly(2025, 9, 1));
    }

    [Fact]
    public void Test5_a_readiness_date_on_a_weekend_or_holiday_ends_the_last_phase_on_the_working_day_before()
    {
        var phases = WorkingDayPlan.Backwards(new DateOnly(2025, 9, 1), [1, 2], IsWorkingDay);

        // Monday Sep 1 is Labor Day: the last phase ends Friday Aug 29.
        phases.Should().Equal(
            new PhaseDates(new DateOnly(2025, 8, 27), new DateOnly(2025, 8, 27)),
            new PhaseDates(new DateOnly(2025, 8, 28), new DateOnly(2025, 8, 29)));
    }

    [Fact]
    public void A_business_calendar_gives_its_weekdays_less_its_holidays_as_working_days()
    {
        var calendar = new Itsm.ServiceLevels.BusinessCalendar(TimeZoneInfo.Utc,
            Enumerable.Range(1, 5).Select(d => new Itsm.ServiceLevels.WorkingHours((DayOfWeek)d, new TimeOnly(9, 0), new TimeOnly(17, 0))),
            UsFederalHolidays2025);

        var isWorkingDay = WorkingDayPlan.WorkingDaysOf(calendar);

        isWorkingDay(new DateOnly(2025, 6, 18)).Should().BeTrue();
        isWorkingDay(new DateOnly(2025, 6, 19)).Should().BeFalse("Juneteenth is a holiday");
        isWorkingDay(new DateOnly(2025, 6, 21)).Should().BeFalse("a Saturday has no working hours");
    }
}
