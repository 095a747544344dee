namespace WorkflowItsm.Bpmn.Model;

/// <summary>How a model attribute's text is to be read at run time.</summary>
public enum ExpressionTextKind
{
    /// <summary>Plain text, used as is.</summary>
    Literal,
    /// <summary>Exactly one <c>${...}</c> around the whole text: the expression's value (any type).</summary>
    Expression,
    /// <summary>Text mixing literals and <c>${...}</c> parts: always a string.</summary>
    Template,
}

/// <summary>
/// A model text that may contain Camunda-style <c>${...}</c> expressions. Classified once at parse time so the
/// execution path does not scan strings again. Camunda's deferred form <c>#{...}</c> means the same and is read
/// as <c>${...}</c> (<see cref="Raw"/> holds the text with <c>${</c>).
/// </summary>
public sealed record ExpressionText
{
    public ExpressionText(string raw)
    {
        raw = Normalize(raw);
        Raw = raw;
        var trimmed = raw.Trim();
        var start = raw.IndexOf("${", StringComparison.Ordinal);
        if (start < 0)
        {
            Kind = ExpressionTextKind.Literal;
        }
        else if (trimmed.StartsWith("${", StringComparison.Ordinal) && trimmed.EndsWith('}')
                 && trimmed.IndexOf("${", 2, StringComparison.Ordinal) < 0)
        {
            Kind = ExpressionTextKind.Expression;
            Raw = trimmed;
        }
        else
        {
            Kind = ExpressionTextKind.Template;
        }
    }

    public string Raw { get; }
    public ExpressionTextKind Kind { get; }

    public bool IsLiteral => Kind == ExpressionTextKind.Literal;

    /// <summary>For <see cref="ExpressionTextKind.Expression"/>: the text between <c>${</c> and <c>}</c>.</summary>
    public string Inner => Kind == ExpressionTextKind.Expression ? Raw[2..^1].Trim() : Raw;

    /// <summary>The expression sources embedded in this text (one for an expression, several for a template).</summary>
    public IEnumerable<string> ExpressionParts()
    {
        if (Kind == ExpressionTextKind.Literal)
        {
            yield break;
        }

        if (Kind == ExpressionTextKind.Expression)
        {
            yield return Raw;
            yield break;
        }

        var index = 0;
        while ((index = Raw.IndexOf("${", index, StringComparison.Ordinal)) >= 0)
        {
            var end = Raw.IndexOf('}', index);
            if (end < 0)
            {
                yield return Raw[index..];
                yield break;
            }

            yield return Raw[index..(end + 1)];
            index = end + 1;
        }
    }

    public static ExpressionText? From(string? raw) => string.IsNullOrWhiteSpace(raw) ? null : new ExpressionText(raw);

    /// <summary>
    /// Rewrites JUEL's deferred-evaluation <c>#{</c> as <c>${</c>: Camunda evaluates both alike, and the rest of
    /// the engine then looks for one marker only.
    /// </summary>
    public static string Normalize(string text) =>
        text.Contains("#{", StringComparison.Ordinal) ? text.Replace("#{", "${", StringComparison.Ordinal) : text;

    public override string ToString() => Raw;
}
