namespace WorkflowItsm.Bpmn.Expressions;

/// <summary>Camunda's expression wrappers, which we accept around a JavaScript expression.</summary>
internal static class ScriptSource
{
    /// <summary>Removes a surrounding <c>${...}</c> or <c>#{...}</c>; returns a bare expression unchanged.</summary>
    public static string StripExpressionWrapper(string expression)
    {
        var text = expression.AsSpan().Trim();
        if (text.Length >= 3 && (text[0] == '$' || text[0] == '#') && text[1] == '{' && text[^1] == '}')
        {
            return text[2..^1].Trim().ToString();
        }

        return text.ToString();
    }
}
