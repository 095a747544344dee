using System.Collections;
using System.Globalization;

namespace WorkflowItsm.Bpmn.Dmn.Feel;

/// <summary>A FEEL years-and-months duration (<c>duration("P1Y2M")</c>): months do not convert to days.</summary>
public readonly record struct YearMonthDuration(int Months)
{
    public override string ToString() => $"P{Months / 12}Y{Months % 12}M";
}

/// <summary>
/// The FEEL values the decision engine computes with: numbers are decimals, dates <see cref="DateOnly"/>, date-times
/// <see cref="DateTime"/> or <see cref="DateTimeOffset"/>, days-and-time durations <see cref="TimeSpan"/>. Variables
/// arrive as the process engine's types (long, double, string...) and are converted on the way in.
/// </summary>
internal static class FeelValues
{
    public static object? FromClr(object? value) => value switch
    {
        null or string or bool or decimal or TimeOnly or DateOnly or DateTime or DateTimeOffset or TimeSpan or YearMonthDuration => value,
        int i => (decimal)i,
        long l => (decimal)l,
        short s => (decimal)s,
        byte b => (decimal)b,
        double d when double.IsFinite(d) => (decimal)d,
        float f when float.IsFinite(f) => (decimal)f,
        IDictionary => value,
        IEnumerable sequence => sequence.Cast<object?>().Select(FromClr).ToList(),
        _ => value,
    };

    /// <summary>FEEL equality: numbers by value, strings ordinal, dates on one time line; null equals only null.</summary>
    public static bool AreEqual(object? left, object? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        if (left is IList leftList && right is IList rightList)
        {
            return leftList.Count == rightList.Count && Enumerable.Range(0, leftList.Count).All(i => AreEqual(leftList[i], rightList[i]));
        }

        return Compare(left, right) is 0;
    }

    /// <summary>The order of two values, or null when they do not compare (different kinds, or null).</summary>
    public static int? Compare(object? left, object? right)
    {
        switch (left, right)
        {
            case (null, _) or (_, null):
                return null;
            case (decimal a, decimal b):
                return a.CompareTo(b);
            case (string a, string b):
                return string.CompareOrdinal(a, b);
            case (bool a, bool b):
                return a == b ? 0 : null;
            case (TimeOnly a, TimeOnly b):
                return a.CompareTo(b);
            case (TimeSpan a, TimeSpan b):
                return a.CompareTo(b);
            case (YearMonthDuration a, YearMonthDuration b):
                return a.Months.CompareTo(b.Months);
        }

        // A string meets a date when a variable came as JSON text: read it as the other side's kind.
        if (left is string text && IsTemporal(right))
        {
            return TryParseLike(text, right, out var parsed) ? Compare(parsed, right) : null;
        }

        if (right is string other && IsTemporal(left))
        {
            return TryParseLike(other, left, out var parsed) ? Compare(left, parsed) : null;
        }

        if (ToInstant(left) is { } leftInstant && ToInstant(right) is { } rightInstant)
        {
            return leftInstant.CompareTo(rightInstant);
        }

        return null;
    }

    private static bool IsTemporal(object? value) => value is DateOnly or DateTime or DateTimeOffset or TimeSpan or YearMonthDuration;

    private static bool TryParseLike(string text, object? like, out object? parsed)
    {
        parsed = like switch
        {
            DateOnly => TryDate(text),
            DateTime or DateTimeOffset => TryDateTime(text),
            TimeSpan or YearMonthDuration => TryDuration(text),
            _ => null,
        };
        return parsed is not null;
    }

    /// <summary>Dates and date-times on one line: a date is its midnight, a local date-time is taken as UTC.</summary>
    private static DateTimeOffset? ToInstant(object value) => value switch
    {
        DateOnly date => new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        DateTime dateTime => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Unspecified), dateTime.Kind == DateTimeKind.Local ? TimeZoneInfo.Local.GetUtcOffset(dateTime) : TimeSpan.Zero),
        DateTimeOffset offset => offset,
        _ => null,
    };

    public static DateOnly? TryDate(string text) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    public static object? TryDateTime(string text)
    {
        var trimmed = text.Trim();
        if (TryDate(trimmed) is { } date)
        {
            return date.ToDateTime(TimeOnly.MinValue);
        }

        // With a zone (Z or +01:00) it is an instant; without, a local date-time as Camunda's Date variables are.
        var hasZone = trimmed.EndsWith('Z') || (trimmed.Length > 19 && trimmed[19..].AsSpan().IndexOfAny('+', '-') >= 0);
        if (hasZone && DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.None, out var offset))
        {
            return offset;
        }

        return DateTime.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) ? local : null;
    }

    public static object? TryDuration(string text)
    {
        var trimmed = text.Trim();
        var negative = trimmed.StartsWith('-');
        var body = negative ? trimmed[1..] : trimmed;
        if (body.Length < 2 || body[0] != 'P')
        {
            return null;
        }

        if (!body.Contains('D') && !body.Contains('T') && (body.Contains('Y') || body.Contains('M')))
        {
            var months = 0;
            var number = 0;
            foreach (var c in body[1..])
            {
                if (char.IsAsciiDigit(c))
                {
                    number = checked((number * 10) + (c - '0'));
                }
                else if (c is 'Y' or 'M')
                {
                    months += c == 'Y' ? number * 12 : number;
                    number = 0;
                }
                else
                {
                    return null;
                }
            }

            return new YearMonthDuration(negative ? -months : months);
        }

        try
        {
            var span = System.Xml.XmlConvert.ToTimeSpan(body);
            return negative ? span.Negate() : span;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static string Describe(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        TimeSpan t => System.Xml.XmlConvert.ToString(t),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "?",
    };
}
