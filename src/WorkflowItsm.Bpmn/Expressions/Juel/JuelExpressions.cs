using System.Collections.Concurrent;

namespace WorkflowItsm.Bpmn.Expressions.Juel;

/// <summary>
/// JUEL, the expression language of Camunda 7 models: <c>${not approved}</c>, <c>${amount gt 1500 and empty manager}</c>,
/// <c>${x + y == 3}</c> with <c>x = "1"</c> (true: EL converts strings to numbers). An expression is parsed once and
/// its tree kept by its text, so evaluating it again does not parse. Failures are <see cref="ScriptFailedException"/>s,
/// as for JavaScript, so the engine handles both alike.
/// </summary>
public static class JuelExpressions
{
    /// <summary>Distinct expression texts kept; past it the cache starts again (models have hundreds, not thousands).</summary>
    private const int CacheLimit = 10_000;

    private static readonly ConcurrentDictionary<string, JuelNode> Parsed = new(StringComparer.Ordinal);

    /// <summary>Whether the text parses; null when it does, else why not.</summary>
    public static string? Check(string expression)
    {
        try
        {
            Compile(expression);
            return null;
        }
        catch (JuelSyntaxException syntax)
        {
            return syntax.Message;
        }
    }

    /// <exception cref="ScriptFailedException">The text does not parse, or the evaluation failed.</exception>
    public static object? Evaluate(string expression, IVariableScope variables)
    {
        try
        {
            return JuelEvaluator.Evaluate(Compile(expression), variables);
        }
        catch (Exception failure) when (failure is JuelSyntaxException or JuelEvaluationException)
        {
            throw new ScriptFailedException($"{failure.Message} (in {expression.Trim()})", failure);
        }
    }

    internal static JuelNode Compile(string expression)
    {
        if (Parsed.TryGetValue(expression, out var node))
        {
            return node;
        }

        node = JuelParser.Parse(Inner(expression));
        if (Parsed.Count >= CacheLimit)
        {
            Parsed.Clear();
        }

        Parsed.TryAdd(expression, node);
        return node;
    }

    /// <summary>The text inside <c>${…}</c> or <c>#{…}</c>; a bare text is taken as the expression itself.</summary>
    private static string Inner(string expression)
    {
        var trimmed = expression.Trim();
        return trimmed.Length >= 3 && trimmed[0] is '$' or '#' && trimmed[1] == '{' && trimmed[^1] == '}' ? trimmed[2..^1] : trimmed;
    }
}
