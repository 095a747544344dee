namespace WorkflowItsm.Itsm.Assets;

public enum DepreciationMethod
{
    StraightLine,

    /// <summary>Double-declining balance: each month loses 2 / life of its book value, switching to straight line over the months left once that loses more (so the asset reaches its salvage value at the end of its life).</summary>
    DecliningBalance,
    SumOfYearsDigits,
}

/// <summary>One month of a depreciation schedule: the month's loss and the book value at its end.</summary>
public sealed record DepreciationPeriod(int Month, DateOnly End, decimal Depreciation, decimal BookValue);

/// <summary>
/// Depreciation in monthly periods from the purchase date: straight line, double-declining balance (monthly rate
/// 2 / life in months) and sum-of-the-years'-digits (over months: month m of n loses (n − m + 1) / (n(n + 1)/2) of
/// the depreciable amount). The book value never goes below the salvage value; a month counts once it is complete
/// (the same day of a later month). Book values are rounded to cents; a month's depreciation is the difference of its rounded book values.
/// </summary>
public static class Depreciation
{
    public static IReadOnlyList<DepreciationPeriod> Schedule(DepreciationMethod method, decimal cost, decimal salvage, int lifeMonths, DateOnly start)
    {
        if (lifeMonths <= 0 || cost <= salvage)
        {
            return [];
        }

        var periods = new List<DepreciationPeriod>(lifeMonths);
        var depreciable = cost - salvage;
        var sumOfDigits = lifeMonths * (lifeMonths + 1) / 2m;
        var rate = 2m / lifeMonths;
        var exact = cost;
        var shown = cost;
        for (var month = 1; month <= lifeMonths; month++)
        {
            // Exact values carry from month to month; only what is shown is rounded, so 1,200 over 36 months is 600 at month 18.
            exact = method switch
            {
                DepreciationMethod.StraightLine => cost - (depreciable * month / lifeMonths),
                DepreciationMethod.SumOfYearsDigits => cost - (depreciable * ((month * lifeMonths) - (month * (month - 1) / 2m)) / sumOfDigits),
                _ => exact - Math.Max(exact * rate, (exact - salvage) / (lifeMonths - month + 1)),
            };
            exact = Math.Max(exact, salvage);
            var book = month == lifeMonths ? salvage : Math.Round(exact, 2, MidpointRounding.AwayFromZero);
            periods.Add(new DepreciationPeriod(month, start.AddMonths(month), shown - book, book));
            shown = book;
        }

        return periods;
    }

    /// <summary>The book value on <paramref name="date"/>: the cost before the first month is complete, the salvage value after the last.</summary>
    public static decimal BookValueAt(DepreciationMethod method, decimal cost, decimal salvage, int lifeMonths, DateOnly start, DateOnly date)
    {
        var months = CompleteMonths(start, date);
        if (months <= 0)
        {
            return cost;
        }

        var schedule = Schedule(method, cost, salvage, lifeMonths, start);
        return schedule.Count == 0 ? Math.Min(cost, salvage) : schedule[Math.Min(months, schedule.Count) - 1].BookValue;
    }

    /// <summary>Whole months from <paramref name="start"/> to <paramref name="date"/> (a month is complete on the same day of the next one).</summary>
    public static int CompleteMonths(DateOnly start, DateOnly date)
    {
        var months = ((date.Year - start.Year) * 12) + date.Month - start.Month;
        return start.AddMonths(months) > date ? months - 1 : months;
    }
}
