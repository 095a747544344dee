using WorkflowItsm.Bpmn.Dmn.Feel;
using WorkflowItsm.Bpmn.Expressions;
using WorkflowItsm.Bpmn.Expressions.Juel;

namespace WorkflowItsm.Bpmn.Dmn;

/// <summary>A compiled input expression, output entry or literal expression, in FEEL or (as Camunda allows) JUEL.</summary>
internal abstract class DmnExpression
{
    public required string Text { get; init; }

    /// <summary>The value as a FEEL value (numbers decimal, dates DateOnly/DateTime...).</summary>
    public abstract object? Evaluate(DmnVariables variables);

    public static DmnExpression Compile(string text, bool isJuel) =>
        isJuel ? new JuelDmnExpression(JuelExpressions.Compile(text)) { Text = text } : new FeelDmnExpression(FeelParser.ParseExpression(text)) { Text = text };
}

internal sealed class FeelDmnExpression(FeelNode node) : DmnExpression
{
    public override object? Evaluate(DmnVariables variables) => node.Evaluate(variables.Feel);
}

internal sealed class JuelDmnExpression(JuelNode node) : DmnExpression
{
    public override object? Evaluate(DmnVariables variables)
    {
        try
        {
            return FeelValues.FromClr(JuelEvaluator.Evaluate(node, variables));
        }
        catch (JuelEvaluationException failure)
        {
            throw new FeelEvaluationException(failure.Message);
        }
    }
}

/// <summary>A JUEL input entry (<c>${cellInput &gt; 5}</c>): the value passes when it yields true.</summary>
internal sealed class JuelUnaryTest(JuelNode node, string inputVariable) : FeelUnaryTest
{
    public override bool Matches(FeelContext context)
    {
        try
        {
            return JuelEvaluator.Evaluate(node, ((DmnVariables)context.Variables).With(inputVariable, context.Input)) is true;
        }
        catch (JuelEvaluationException failure)
        {
            throw new FeelEvaluationException(failure.Message);
        }
    }
}

/// <summary>
/// The variables of one evaluation, seen by FEEL and JUEL alike, with the current cell input (and required decisions'
/// results) laid over the caller's variables without copying them.
/// </summary>
internal sealed class DmnVariables : IReadOnlyDictionary<string, object?>, IVariableScope
{
    private readonly IReadOnlyDictionary<string, object?> _variables;
    private readonly Dictionary<string, object?> _overlay = new(StringComparer.Ordinal);

    public DmnVariables(IReadOnlyDictionary<string, object?> variables)
    {
        _variables = variables;
        Feel = new FeelContext(this);
    }

    public FeelContext Feel { get; }

    public DmnVariables With(string name, object? value)
    {
        _overlay[name] = value;
        return this;
    }

    public bool TryGetValue(string key, out object? value) => _overlay.TryGetValue(key, out value) || _variables.TryGetValue(key, out value);

    public bool TryGetVariable(string name, out object? value) => TryGetValue(name, out value);

    public IEnumerable<string> VariableNames => _overlay.Keys.Concat(_variables.Keys.Where(key => !_overlay.ContainsKey(key)));

    public object? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);
    public IEnumerable<string> Keys => VariableNames;
    public IEnumerable<object?> Values => Keys.Select(key => this[key]);
    public int Count => Keys.Count();
    public bool ContainsKey(string key) => _overlay.ContainsKey(key) || _variables.ContainsKey(key);

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() =>
        Keys.Select(key => new KeyValuePair<string, object?>(key, this[key])).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
