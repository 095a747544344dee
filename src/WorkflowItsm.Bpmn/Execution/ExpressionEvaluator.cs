using System.Globalization;
using System.Text;
using WorkflowItsm.Bpmn.Expressions;
using WorkflowItsm.Bpmn.Expressions.Juel;
using WorkflowItsm.Bpmn.Model;

namespace WorkflowItsm.Bpmn.Execution;

/// <summary>
/// Evaluates a model's texts, conditions and input/output values in its expression language: JUEL for Camunda models,
/// JavaScript (the script engine) for the others; scripts are JavaScript in both.
/// </summary>
internal sealed class ExpressionEvaluator(IScriptEngine scripts, ExpressionLanguage language = ExpressionLanguage.JavaScript)
{
    public IScriptEngine Scripts { get; } = scripts;

    public ExpressionLanguage Language { get; } = language;

    public object? Evaluate(ExpressionText text, IVariableScope variables) => text.Kind switch
    {
        ExpressionTextKind.Literal => text.Raw,
        ExpressionTextKind.Expression => EvaluateExpression(text.Raw, variables),
        _ => EvaluateTemplate(text, variables),
    };

    private object? EvaluateExpression(string expression, IVariableScope variables) =>
        Language == ExpressionLanguage.Juel ? JuelExpressions.Evaluate(expression, variables) : Scripts.Evaluate(expression, variables);

    public string? EvaluateString(ExpressionText? text, IVariableScope variables) =>
        text is null ? null : ToText(Evaluate(text, variables));

    /// <summary>
    /// A sequence-flow or completion condition: must produce a boolean. A <paramref name="conditionLanguage"/> that names
    /// a language (JavaScript, JUEL) decides over the model's; a condition without <c>${…}</c> is still an expression.
    /// </summary>
    public bool EvaluateCondition(ExpressionText condition, IVariableScope variables, string? conditionLanguage = null)
    {
        var value = (ExpressionLanguages.Named(conditionLanguage) ?? Language) == ExpressionLanguage.JavaScript
            ? Scripts.Evaluate(condition.Raw, variables)
            : JuelExpressions.Evaluate(condition.Raw, variables);
        return value is bool result
            ? result
            : throw new ScriptFailedException($"The condition '{condition.Raw}' returned {Describe(value)}, not a boolean.");
    }

    /// <summary>
    /// A conditional event's condition as Camunda's <c>tryEvaluate</c> reads it: one that cannot be evaluated (it names
    /// a variable not set yet) is simply not met.
    /// </summary>
    public bool ConditionMet(ExpressionText condition, IVariableScope variables, string? conditionLanguage)
    {
        try
        {
            return EvaluateCondition(condition, variables, conditionLanguage);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            return false;
        }
    }

    public object? Evaluate(IoValue value, IVariableScope variables)
    {
        switch (value)
        {
            case IoTextValue text:
                return Evaluate(text.Text, variables);
            case IoListValue list:
                var items = new List<object?>(list.Items.Count);
                foreach (var item in list.Items)
                {
                    items.Add(Evaluate(item, variables));
                }

                return items;
            case IoMapValue map:
                var entries = new Dictionary<string, object?>(map.Entries.Count, StringComparer.Ordinal);
                foreach (var (key, item) in map.Entries)
                {
                    entries[key] = Evaluate(item, variables);
                }

                return entries;
            case IoScriptValue script:
                return RunScript(script.ScriptFormat, script.Source, variables).Value;
            default:
                return null;
        }
    }

    /// <summary>
    /// Runs a script in its format: JavaScript in the script engine; JUEL (<c>scriptFormat="juel"</c>, which Camunda 7
    /// runs as an EL template whose value is the script's result) in the JUEL evaluator, setting no variables.
    /// </summary>
    public ScriptResult RunScript(string? scriptFormat, string source, IVariableScope variables)
    {
        if (ExpressionLanguages.Named(scriptFormat) != ExpressionLanguage.Juel)
        {
            return Scripts.Run(source, variables);
        }

        var juel = Language == ExpressionLanguage.Juel ? this : new ExpressionEvaluator(Scripts, ExpressionLanguage.Juel);
        return new ScriptResult(juel.Evaluate(new ExpressionText(source), variables), NoVariables);
    }

    private static readonly IReadOnlyDictionary<string, object?> NoVariables = new Dictionary<string, object?>();

    public static string? ToText(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private string EvaluateTemplate(ExpressionText text, IVariableScope variables)
    {
        var raw = text.Raw;
        var builder = new StringBuilder(raw.Length);
        var index = 0;
        while (index < raw.Length)
        {
            var start = raw.IndexOf("${", index, StringComparison.Ordinal);
            var end = start < 0 ? -1 : raw.IndexOf('}', start);
            if (start < 0 || end < 0)
            {
                builder.Append(raw, index, raw.Length - index);
                break;
            }

            builder.Append(raw, index, start - index);
            builder.Append(ToText(EvaluateExpression(raw[start..(end + 1)], variables)));
            index = end + 1;
        }

        return builder.ToString();
    }

    private static string Describe(object? value) => value is null ? "null" : $"a {value.GetType().Name}";
}
