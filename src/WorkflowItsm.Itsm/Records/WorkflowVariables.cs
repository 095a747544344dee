using System.Globalization;
using WorkflowItsm.Bpmn.ServiceTasks;

namespace WorkflowItsm.Itsm.Records;

/// <summary>
/// How the practices' workflow handlers read their variables: the record the instance drives, texts, levels and lists,
/// converted the same way in every module (variables arrive as JSON numbers, strings or lists).
/// </summary>
public static class WorkflowVariables
{
    /// <summary>
    /// The number of the record the instance drives: the variable <paramref name="variable"/>, else the business key;
    /// <paramref name="whereFrom"/> tells the operator what should have set it.
    /// </summary>
    public static string RecordNumber(ServiceTaskContext context, string variable, string whereFrom) =>
        context.Variables.GetValueOrDefault(variable) as string ?? context.BusinessKey
        ?? throw new InvalidOperationException($"Instance {context.ProcessInstanceId} has no {variable} variable: {whereFrom}.");

    /// <summary>The variable as text (numbers in the invariant culture), null when absent.</summary>
    public static string? Text(ServiceTaskContext context, string name) =>
        context.Variables.TryGetValue(name, out var value) && value is not null ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    /// <summary>The variable as a whole number (impact, urgency…), null when absent or not a number.</summary>
    public static int? Level(ServiceTaskContext context, string name) =>
        context.Variables.TryGetValue(name, out var value) && value is IConvertible convertible ? convertible.ToInt32(CultureInfo.InvariantCulture) : null;

    /// <summary>The variable as a list of texts; empty when absent or not a list.</summary>
    public static List<string> List(ServiceTaskContext context, string name) =>
        context.Variables.TryGetValue(name, out var value) && value is System.Collections.IEnumerable items and not string
            ? [.. items.Cast<object?>().Select(i => Convert.ToString(i, CultureInfo.InvariantCulture)).OfType<string>()]
            : [];
}
