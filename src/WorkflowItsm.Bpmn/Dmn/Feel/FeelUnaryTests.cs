using System.Collections;

namespace WorkflowItsm.Bpmn.Dmn.Feel;

/// <summary>A compiled input entry of a decision table: does the input value pass?</summary>
internal abstract class FeelUnaryTest
{
    public abstract bool Matches(FeelContext context);
}

/// <summary><c>-</c> (or an empty cell): every value passes.</summary>
internal sealed class FeelAnyTest : FeelUnaryTest
{
    public static readonly FeelAnyTest Instance = new();
    public override bool Matches(FeelContext context) => true;
}

/// <summary><c>not(…)</c>: the value passes none of the tests.</summary>
internal sealed class FeelNotTest(FeelUnaryTest inner) : FeelUnaryTest
{
    public override bool Matches(FeelContext context) => !inner.Matches(context);
}

/// <summary><c>"a","b"</c> or <c>&lt;5, [10..20]</c>: the value passes one of them.</summary>
internal sealed class FeelAnyOfTest(IReadOnlyList<FeelUnaryTest> tests) : FeelUnaryTest
{
    public override bool Matches(FeelContext context)
    {
        foreach (var test in tests)
        {
            if (test.Matches(context))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary><c>&lt; 10</c>, <c>&gt;= date("2024-01-01")</c>.</summary>
internal sealed class FeelCompareTest(string op, FeelNode endpoint) : FeelUnaryTest
{
    public override bool Matches(FeelContext context) =>
        FeelValues.Compare(context.Input, endpoint.Evaluate(context)) is { } order && FeelBinary.Holds(op, order);
}

internal sealed class FeelRangeTest(FeelRange range) : FeelUnaryTest
{
    public override bool Matches(FeelContext context) => range.Contains(context.Input, context) is true;
}

/// <summary>
/// An expression: with <c>?</c> in it, the value passes when it yields true (<c>? &gt; limit * 2</c>); otherwise the
/// value equals its result, or is in it when it is a list or range.
/// </summary>
internal sealed class FeelExpressionTest(FeelNode expression, bool usesInput) : FeelUnaryTest
{
    public override bool Matches(FeelContext context)
    {
        var value = expression.Evaluate(context);
        if (usesInput)
        {
            return value is true;
        }

        return value switch
        {
            FeelRange range => range.Contains(context.Input, context) is true,
            IList list when context.Input is not IList => list.Cast<object?>().Any(item => FeelValues.AreEqual(context.Input, item)),
            // A boolean expression over other variables (Camunda allows "amount > 100" as a cell): passes when true.
            bool b when context.Input is not bool => b,
            _ => FeelValues.AreEqual(context.Input, value),
        };
    }
}
