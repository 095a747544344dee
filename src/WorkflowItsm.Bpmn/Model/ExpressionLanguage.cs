namespace WorkflowItsm.Bpmn.Model;

/// <summary>
/// The language of a model's <c>${…}</c> expressions. Models that declare the Camunda namespace (made in Camunda Modeler
/// or the designer) speak JUEL, as Camunda 7 runs them; other models speak JavaScript. A definitions'
/// <c>expressionLanguage</c> that names one of them decides instead. Scripts (<c>scriptFormat="javascript"</c>) are
/// JavaScript in every model.
/// </summary>
public enum ExpressionLanguage
{
    JavaScript,
    Juel,
}

/// <summary>How a definitions document's expression language is chosen.</summary>
public static class ExpressionLanguages
{
    /// <summary>The language an <c>expressionLanguage</c> URI names, or null when it names neither (XPath, the BPMN default, is not run).</summary>
    public static ExpressionLanguage? Named(string? uri)
    {
        if (string.IsNullOrWhiteSpace(uri))
        {
            return null;
        }

        var text = uri.Trim().ToLowerInvariant();
        if (text == "js" || text.Contains("javascript", StringComparison.Ordinal) || text.Contains("ecmascript", StringComparison.Ordinal) || text.Contains("ecma-262", StringComparison.Ordinal))
        {
            return ExpressionLanguage.JavaScript;
        }

        return text.Contains("juel", StringComparison.Ordinal) || text.Contains("/jsp", StringComparison.Ordinal) || text.EndsWith("/el", StringComparison.Ordinal)
            ? ExpressionLanguage.Juel
            : null;
    }

    /// <summary>The named language when there is one, else JUEL for models that declare the Camunda namespace.</summary>
    public static ExpressionLanguage Of(string? expressionLanguage, bool declaresCamunda) =>
        Named(expressionLanguage) ?? (declaresCamunda ? ExpressionLanguage.Juel : ExpressionLanguage.JavaScript);
}
