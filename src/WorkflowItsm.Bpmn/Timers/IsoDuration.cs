using System.Globalization;

namespace WorkflowItsm.Bpmn.Timers;

/// <summary>
/// An ISO-8601 duration (<c>PnYnMnWnDTnHnMnS</c>). Years, months, weeks and days are calendar units and are added
/// to a date calendar-wise (1 Jan 31 + P1M = Feb 28/29), which a <see cref="TimeSpan"/> cannot express.
/// </summary>
public readonly record struct IsoDuration(int Years, int Months, int Days, TimeSpan Time)
{
    private const string Expected = "expected an ISO-8601 duration like P1D, PT4H, P1Y2M10DT2H30M or PT0.5S";

    public bool IsZero => Years == 0 && Months == 0 && Days == 0 && Time == TimeSpan.Zero;

    /// <summary>Whether the length depends on the date it is added to (months and years vary).</summary>
    public bool IsCalendarBased => Years != 0 || Months != 0;

    /// <summary>Adds the duration <paramref name="times"/> times in one step, so month ends do not drift.</summary>
    public DateTimeOffset AddTo(DateTimeOffset start, int times = 1) =>
        start.AddYears(Years * times).AddMonths(Months * times).AddDays((double)Days * times).Add(Time * times);

    public static bool TryParse(string text, out IsoDuration duration, out string? error)
    {
        duration = default;
        var s = text.Trim();
        if (s.StartsWith('-'))
        {
            error = $"'{text}': negative durations are not supported";
            return false;
        }

        if (s.Length < 3 || s[0] != 'P')
        {
            error = $"'{text}': {Expected}";
            return false;
        }

        int years = 0, months = 0, days = 0;
        var time = TimeSpan.Zero;
        var inTime = false;
        var lastUnitOrder = -1;
        var sawFraction = false;
        var sawComponent = false;
        var position = 1;
        while (position < s.Length)
        {
            if (s[position] == 'T')
            {
                if (inTime || position == s.Length - 1)
                {
                    error = $"'{text}': misplaced 'T'; {Expected}";
                    return false;
                }

                inTime = true;
                position++;
                continue;
            }

            var numberStart = position;
            while (position < s.Length && (char.IsAsciiDigit(s[position]) || s[position] is '.' or ','))
            {
                position++;
            }

            if (position == numberStart || position == s.Length)
            {
                error = $"'{text}': a number must be followed by a unit; {Expected}";
                return false;
            }

            var unit = s[position++];
            var order = UnitOrder(unit, inTime);
            if (order < 0)
            {
                error = $"'{text}': unknown unit '{unit}'{(inTime ? " after T" : " before T")}; {Expected}";
                return false;
            }

            if (order <= lastUnitOrder || sawFraction)
            {
                error = $"'{text}': units must appear once each, largest first, and only the last may have a fraction";
                return false;
            }

            lastUnitOrder = order;
            sawComponent = true;
            if (!decimal.TryParse(s[numberStart..(position - 1)].Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                error = $"'{text}': '{s[numberStart..(position - 1)]}' is not a number";
                return false;
            }

            sawFraction = number != decimal.Truncate(number);
            if (sawFraction && !inTime)
            {
                error = $"'{text}': fractions are only supported for hours, minutes and seconds";
                return false;
            }

            try
            {
                switch (unit, inTime)
                {
                    case ('Y', false): years = checked((int)number); break;
                    case ('M', false): months = checked((int)number); break;
                    case ('W', false): days = checked(days + (int)number * 7); break;
                    case ('D', false): days = checked(days + (int)number); break;
                    case ('H', true): time += TimeSpan.FromTicks((long)(number * TimeSpan.TicksPerHour)); break;
                    case ('M', true): time += TimeSpan.FromTicks((long)(number * TimeSpan.TicksPerMinute)); break;
                    default: time += TimeSpan.FromTicks((long)(number * TimeSpan.TicksPerSecond)); break;
                }
            }
            catch (OverflowException)
            {
                error = $"'{text}': the duration is too large";
                return false;
            }
        }

        if (!sawComponent)
        {
            error = $"'{text}': {Expected}";
            return false;
        }

        duration = new IsoDuration(years, months, days, time);
        error = null;
        return true;
    }

    private static int UnitOrder(char unit, bool inTime) => (unit, inTime) switch
    {
        ('Y', false) => 0,
        ('M', false) => 1,
        ('W', false) => 2,
        ('D', false) => 3,
        ('H', true) => 4,
        ('M', true) => 5,
        ('S', true) => 6,
        _ => -1,
    };
}
