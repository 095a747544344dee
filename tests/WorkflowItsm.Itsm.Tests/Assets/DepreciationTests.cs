using WorkflowItsm.Itsm.Assets;

namespace WorkflowItsm.Itsm.Tests.Assets;

/// <summary>Scenario 6: depreciation by straight line, double-declining balance and sum of the years' digits, against tables computed by hand.</summary>
public sealed class DepreciationTests
{
    private static readonly DateOnly Purchased = new(2026, 1, 15);

    [Fact]
    public void Scenario_6_straight_line_cost_1200_over_36_months_is_worth_600_at_month_18()
    {
        Depreciation.BookValueAt(DepreciationMethod.StraightLine, 1200m, 0m, 36, Purchased, Purchased.AddMonths(18)).Should().Be(600m);

        var schedule = Depreciation.Schedule(DepreciationMethod.StraightLine, 1200m, 0m, 36, Purchased);
        schedule.Should().HaveCount(36);
        schedule[17].BookValue.Should().Be(600m);
        schedule[^1].BookValue.Should().Be(0m);
        schedule.Sum(p => p.Depreciation).Should().Be(1200m);
    }

    [Fact]
    public void Scenario_6_a_month_counts_once_it_is_complete_and_the_value_never_goes_below_salvage()
    {
        // The day before month 18 completes, 17 months count: 1200 − 17 × 33.333… = 633.33.
        Depreciation.BookValueAt(DepreciationMethod.StraightLine, 1200m, 0m, 36, Purchased, Purchased.AddMonths(18).AddDays(-1)).Should().Be(633.33m);
        Depreciation.BookValueAt(DepreciationMethod.StraightLine, 1200m, 0m, 36, Purchased, Purchased.AddDays(-10)).Should().Be(1200m);
        Depreciation.BookValueAt(DepreciationMethod.StraightLine, 1200m, 200m, 36, Purchased, Purchased.AddYears(10)).Should().Be(200m);
        Depreciation.BookValueAt(DepreciationMethod.DecliningBalance, 1200m, 200m, 36, Purchased, Purchased.AddYears(10)).Should().Be(200m);
    }

    [Fact]
    public void Scenario_6_double_declining_balance_against_a_table_computed_by_hand()
    {
        // Cost 1,200, 6 months, salvage 0: monthly rate 2/6 = 1/3 of the book value, switching to straight line over
        // the months left once that loses more. Book values carry unrounded and are shown to the cent, so a month's
        // depreciation is the difference of shown book values (month 3: 533.33 − 355.56 = 177.77).
        //  month  book before  declining (1/3)  straight line (book/left)  loss      book after
        //  1      1200.00      400.00           200.00 (1200/6)            400.00    800.00
        //  2       800.00      266.67           160.00 (800/5)             266.67    533.33
        //  3       533.33      177.78           133.33 (533.33/4)          177.78    355.56
        //  4       355.56      118.52           118.52 (355.56/3)          118.52    237.04
        //  5       237.04       79.01           118.52 (237.04/2)          118.52    118.52
        //  6       118.52       39.51           118.52 (118.52/1)          118.52      0.00
        var schedule = Depreciation.Schedule(DepreciationMethod.DecliningBalance, 1200m, 0m, 6, Purchased);

        schedule.Select(p => p.BookValue).Should().Equal(800.00m, 533.33m, 355.56m, 237.04m, 118.52m, 0.00m);
        schedule.Select(p => p.Depreciation).Should().Equal(400.00m, 266.67m, 177.77m, 118.52m, 118.52m, 118.52m);
        schedule.Select(p => p.End).Should().Equal(Enumerable.Range(1, 6).Select(m => Purchased.AddMonths(m)));
    }

    [Fact]
    public void Scenario_6_sum_of_the_years_digits_against_a_table_computed_by_hand()
    {
        // Cost 1,200, salvage 120, 6 months: depreciable 1,080; the digits 6+5+4+3+2+1 = 21, month m loses (7 − m)/21 of it.
        //  month  share  loss                 book after
        //  1      6/21   308.571…             891.43
        //  2      5/21   257.142…             634.29
        //  3      4/21   205.714…             428.57
        //  4      3/21   154.285…             274.29
        //  5      2/21   102.857…             171.43
        //  6      1/21    51.428…             120.00 (the salvage value)
        var schedule = Depreciation.Schedule(DepreciationMethod.SumOfYearsDigits, 1200m, 120m, 6, Purchased);

        schedule.Select(p => p.BookValue).Should().Equal(891.43m, 634.29m, 428.57m, 274.29m, 171.43m, 120.00m);
        Depreciation.BookValueAt(DepreciationMethod.SumOfYearsDigits, 1200m, 120m, 6, Purchased, Purchased.AddMonths(3)).Should().Be(428.57m);
    }
}
