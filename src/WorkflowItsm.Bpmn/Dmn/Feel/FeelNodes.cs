using System.Collections;
using System.Globalization;

namespace WorkflowItsm.Bpmn.Dmn.Feel;

/// <summary>What a FEEL expression sees: the variables (process engine types) and, in a unary test, the input (?).</summary>
internal sealed class FeelContext(IReadOnlyDictionary<string, object?> variables)
{
    public IReadOnlyDictionary<string, object?> Variables { get; } = variables;

    /// <summary>The value under test (<c>?</c>), already a FEEL value.</summary>
    public object? Input { get; set; }
}

/// <summary>A FEEL evaluation that cannot go on (an unknown function, a bad argument); the message says what.</summary>
public sealed class FeelEvaluationException(string message) : Exception(message);

/// <summary>A parsed FEEL expression; evaluating it never parses.</summary>
internal abstract class FeelNode
{
    public abstract object? Evaluate(FeelContext context);
}

internal sealed class FeelLiteral(object? value) : FeelNode
{
    public object? Value { get; } = value;
    public override object? Evaluate(FeelContext context) => Value;
}

internal sealed class FeelInputRef : FeelNode
{
    public override object? Evaluate(FeelContext context) => context.Input;
}

/// <summary>A variable, or a property path into it (<c>applicant.age</c>); unknown names are null, as in FEEL.</summary>
internal sealed class FeelName(string name) : FeelNode
{
    public string Name { get; } = name;
    public override object? Evaluate(FeelContext context) =>
        context.Variables.TryGetValue(Name, out var value) ? FeelValues.FromClr(value) : null;
}

internal sealed class FeelPath(FeelNode target, string member) : FeelNode
{
    public override object? Evaluate(FeelContext context) => target.Evaluate(context) switch
    {
        IReadOnlyDictionary<string, object?> map => FeelValues.FromClr(map.GetValueOrDefault(member)),
        IDictionary map => FeelValues.FromClr(map.Contains(member) ? map[member] : null),
        _ => null,
    };
}

internal sealed class FeelList(IReadOnlyList<FeelNode> items) : FeelNode
{
    public override object? Evaluate(FeelContext context) => items.Select(item => item.Evaluate(context)).ToList();
}

internal sealed class FeelNegate(FeelNode operand) : FeelNode
{
    public override object? Evaluate(FeelContext context) => operand.Evaluate(context) switch
    {
        decimal d => -d,
        TimeSpan t => t.Negate(),
        YearMonthDuration m => new YearMonthDuration(-m.Months),
        _ => null,
    };
}

internal sealed class FeelIf(FeelNode condition, FeelNode then, FeelNode otherwise) : FeelNode
{
    public override object? Evaluate(FeelContext context) =>
        condition.Evaluate(context) is true ? then.Evaluate(context) : otherwise.Evaluate(context);
}

/// <summary>Ternary logic: <c>false and null</c> is false, <c>true and null</c> null.</summary>
internal sealed class FeelLogic(bool isAnd, FeelNode left, FeelNode right) : FeelNode
{
    public override object? Evaluate(FeelContext context)
    {
        var l = left.Evaluate(context) as bool?;
        if (l == !isAnd)
        {
            return l;
        }

        var r = right.Evaluate(context) as bool?;
        if (r == !isAnd)
        {
            return r;
        }

        return l is null || r is null ? null : isAnd;
    }
}

internal sealed class FeelBinary(string op, FeelNode left, FeelNode right) : FeelNode
{
    public override object? Evaluate(FeelContext context)
    {
        var l = left.Evaluate(context);
        var r = right.Evaluate(context);
        switch (op)
        {
            case "=":
                return FeelValues.AreEqual(l, r);
            case "!=":
                return !FeelValues.AreEqual(l, r);
            case "<" or "<=" or ">" or ">=":
                return FeelValues.Compare(l, r) is { } order ? Holds(op, order) : null;
        }

        return Arithmetic(op, l, r);
    }

    public static bool Holds(string op, int order) => op switch
    {
        "<" => order < 0,
        "<=" => order <= 0,
        ">" => order > 0,
        _ => order >= 0,
    };

    /// <summary>Numbers, string concatenation, and date/duration sums; anything else is null, as FEEL says.</summary>
    private static object? Arithmetic(string op, object? l, object? r)
    {
        try
        {
            return (op, l, r) switch
            {
                ("+", decimal a, decimal b) => a + b,
                ("-", decimal a, decimal b) => a - b,
                ("*", decimal a, decimal b) => a * b,
                ("/", decimal _, 0m) => null,
                ("/", decimal a, decimal b) => a / b,
                ("**", decimal a, decimal b) => (decimal)Math.Pow((double)a, (double)b),
                ("+", string a, string b) => a + b,
                ("+", TimeSpan a, TimeSpan b) => a + b,
                ("-", TimeSpan a, TimeSpan b) => a - b,
                ("*", TimeSpan a, decimal b) => a * (double)b,
                ("+", YearMonthDuration a, YearMonthDuration b) => new YearMonthDuration(a.Months + b.Months),
                ("-", YearMonthDuration a, YearMonthDuration b) => new YearMonthDuration(a.Months - b.Months),
                ("+", DateOnly a, TimeSpan b) => a.AddDays((int)b.TotalDays),
                ("-", DateOnly a, TimeSpan b) => a.AddDays(-(int)b.TotalDays),
                ("+", DateOnly a, YearMonthDuration b) => a.AddMonths(b.Months),
                ("-", DateOnly a, YearMonthDuration b) => a.AddMonths(-b.Months),
                ("+", DateTime a, TimeSpan b) => a + b,
                ("-", DateTime a, TimeSpan b) => a - b,
                ("+", DateTime a, YearMonthDuration b) => a.AddMonths(b.Months),
                ("-", DateTime a, YearMonthDuration b) => a.AddMonths(-b.Months),
                ("+", DateTimeOffset a, TimeSpan b) => a + b,
                ("-", DateTimeOffset a, TimeSpan b) => a - b,
                ("-", DateTime a, DateTime b) => a - b,
                ("-", DateTimeOffset a, DateTimeOffset b) => a - b,
                ("-", DateOnly a, DateOnly b) => TimeSpan.FromDays(a.DayNumber - b.DayNumber),
                _ => null,
            };
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}

/// <summary>The built-in functions decision tables use: date, date and time, time, duration, not, string, number.</summary>
internal sealed class FeelCall(string function, IReadOnlyList<FeelNode> arguments) : FeelNode
{
    public static readonly string[] Known = ["date", "date and time", "time", "duration", "not", "string", "number", "abs", "min", "max", "sum", "count"];

    public override object? Evaluate(FeelContext context)
    {
        var values = arguments.Select(argument => argument.Evaluate(context)).ToArray();
        var first = values.Length > 0 ? values[0] : null;
        return function switch
        {
            "date" when values.Length == 3 && values.All(v => v is decimal) =>
                TryOrNull(() => new DateOnly((int)(decimal)values[0]!, (int)(decimal)values[1]!, (int)(decimal)values[2]!)),
            "date" => first switch
            {
                string text => FeelValues.TryDate(text) ?? Bad(text),
                DateTime dateTime => DateOnly.FromDateTime(dateTime),
                DateTimeOffset offset => DateOnly.FromDateTime(offset.DateTime),
                DateOnly date => date,
                _ => null,
            },
            "date and time" => first is string text ? FeelValues.TryDateTime(text) ?? Bad(text) : first,
            "time" => first is string text
                ? TimeOnly.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : Bad(text)
                : null,
            "duration" => first is string text ? FeelValues.TryDuration(text) ?? Bad(text) : null,
            "not" => first is bool b ? !b : null,
            "string" => first is null ? null : first as string ?? FeelValues.Describe(first),
            "number" => first is string text && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null,
            "abs" => first is decimal d ? Math.Abs(d) : null,
            "min" or "max" or "sum" or "count" => Aggregate(values.Length == 1 && first is IList list ? list.Cast<object?>().ToArray() : values),
            _ => throw new FeelEvaluationException($"Unknown function '{function}'."),
        };
    }

    private object? Aggregate(object?[] items)
    {
        if (function == "count")
        {
            return (decimal)items.Length;
        }

        if (items.Length == 0 || items.Any(item => item is not decimal))
        {
            return null;
        }

        var numbers = items.Cast<decimal>();
        return function switch { "min" => numbers.Min(), "max" => numbers.Max(), _ => numbers.Sum() };
    }

    private static object? TryOrNull(Func<object?> make)
    {
        try
        {
            return make();
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private object Bad(string text) => throw new FeelEvaluationException($"\"{text}\" is not a valid {function}.");
}

/// <summary>An interval: <c>[1..10]</c>, <c>(1..10)</c>, <c>]1..10[</c>.</summary>
internal sealed class FeelRange(bool lowClosed, FeelNode low, FeelNode high, bool highClosed) : FeelNode
{
    public override object? Evaluate(FeelContext context) => this;

    public bool? Contains(object? value, FeelContext context)
    {
        var lowOrder = FeelValues.Compare(value, low.Evaluate(context));
        var highOrder = FeelValues.Compare(value, high.Evaluate(context));
        if (lowOrder is null || highOrder is null)
        {
            return null;
        }

        return (lowClosed ? lowOrder >= 0 : lowOrder > 0) && (highClosed ? highOrder <= 0 : highOrder < 0);
    }
}
