using System.Collections;
using System.Globalization;

namespace WorkflowItsm.Bpmn.Expressions.Juel;

/// <summary>
/// The type conversions of the Unified Expression Language (JSR 245, §1.18), on the engine's variable values: integers
/// (EL's Long), floating numbers (Double), strings, booleans, lists and maps. Strings become numbers where EL says so
/// (<c>"1" + "2"</c> is 3), null is 0 in arithmetic and false in logic, and what cannot be converted is an error.
/// </summary>
internal static class JuelCoercion
{
    public static bool IsInteger(object? value) => value is long or int or short or byte or sbyte or uint or ushort or ulong or char;

    public static bool IsFloating(object? value) => value is double or float or decimal;

    /// <summary>EL's test for arithmetic in floating point: a floating number, or a string written with a '.', 'e' or 'E'.</summary>
    public static bool IsFloatingOperand(object? value) =>
        IsFloating(value) || (value is string text && text.AsSpan().IndexOfAny(".eE") >= 0);

    public static long ToLong(object? value) => value switch
    {
        null => 0,
        long l => l,
        char c => c,
        string s when s.Length == 0 => 0,
        string s => long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
            ? parsed : throw Cannot(value, "an integer"),
        bool => throw Cannot(value, "a number"),
        IConvertible when IsInteger(value) => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        IConvertible when IsFloating(value) => (long)Convert.ToDouble(value, CultureInfo.InvariantCulture),
        _ => throw Cannot(value, "a number"),
    };

    public static double ToDouble(object? value) => value switch
    {
        null => 0,
        double d => d,
        string s when s.Length == 0 => 0,
        string s => double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            ? parsed : throw Cannot(value, "a number"),
        bool => throw Cannot(value, "a number"),
        char c => c,
        IConvertible when IsInteger(value) || IsFloating(value) => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        _ => throw Cannot(value, "a number"),
    };

    /// <summary>null and "" are false, a string is true when it says "true" (any case), and nothing else converts.</summary>
    public static bool ToBoolean(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => string.Equals(s.Trim(), "true", StringComparison.OrdinalIgnoreCase),
        _ => throw Cannot(value, "a boolean"),
    };

    /// <summary>null is "", a floating number reads as Java writes it (1.0, 2.5E10).</summary>
    public static string ToText(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        double d => JavaDouble(d),
        float f => JavaDouble(f),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public static bool IsEmpty(object? value) => value switch
    {
        null => true,
        string s => s.Length == 0,
        ICollection collection => collection.Count == 0,
        IEnumerable enumerable => !enumerable.GetEnumerator().MoveNext(),
        _ => false,
    };

    /// <summary>EL's <c>==</c>: numbers by value (an integer and a floating number in floating point), booleans and strings after conversion.</summary>
    public static bool AreEqual(object? left, object? right)
    {
        if (ReferenceEquals(left, right) || (left is null && right is null))
        {
            return true;
        }

        if (left is null || right is null)
        {
            return false;
        }

        if (IsFloating(left) || IsFloating(right))
        {
            return ToDouble(left).Equals(ToDouble(right));
        }

        if (IsInteger(left) || IsInteger(right))
        {
            return ToLong(left) == ToLong(right);
        }

        if (left is bool || right is bool)
        {
            return ToBoolean(left) == ToBoolean(right);
        }

        if (left is string || right is string)
        {
            return string.Equals(ToText(left), ToText(right), StringComparison.Ordinal);
        }

        return left.Equals(right);
    }

    /// <summary>EL's ordering: numbers by value, strings lexically, else what the values compare by.</summary>
    public static int Compare(object left, object right)
    {
        if (IsFloating(left) || IsFloating(right))
        {
            return ToDouble(left).CompareTo(ToDouble(right));
        }

        if (IsInteger(left) || IsInteger(right))
        {
            return ToLong(left).CompareTo(ToLong(right));
        }

        if (left is string || right is string)
        {
            return string.CompareOrdinal(ToText(left), ToText(right));
        }

        if (left is IComparable comparable && left.GetType() == right.GetType())
        {
            return comparable.CompareTo(right);
        }

        throw new JuelEvaluationException($"{Describe(left)} and {Describe(right)} cannot be compared.");
    }

    public static string Describe(object? value) => value switch
    {
        null => "null",
        string s => $"'{s}'",
        bool b => b ? "true" : "false",
        _ when IsInteger(value) || IsFloating(value) => ToText(value),
        IDictionary => "a map",
        IList => "a list",
        _ => $"a {value.GetType().Name}",
    };

    private static JuelEvaluationException Cannot(object? value, string what) => new($"{Describe(value)} cannot be converted to {what}.");

    private static string JavaDouble(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "Infinity" : "-Infinity";
        }

        var magnitude = Math.Abs(d);
        if (d == Math.Floor(d) && magnitude < 1e7)
        {
            return d.ToString("0.0", CultureInfo.InvariantCulture);
        }

        return magnitude is >= 1e-3 and < 1e7
            ? d.ToString("R", CultureInfo.InvariantCulture)
            : d.ToString("0.0###############E0", CultureInfo.InvariantCulture);
    }
}

/// <summary>A JUEL expression failed while it ran: a value that does not convert, an unknown variable, a method not allowed.</summary>
public sealed class JuelEvaluationException(string message) : Exception(message);
