using System.Collections;

namespace WorkflowItsm.Bpmn.Expressions.Juel;

/// <summary>
/// The methods an expression may call, by the receiver's kind: Java's common read-only ones on strings, lists, maps
/// and numbers, and <c>getVariable</c>/<c>hasVariable</c> on <c>execution</c>. Anything else is refused, so a model
/// cannot reach further into the host than its variables.
/// </summary>
internal static class JuelMethods
{
    public static object? Invoke(object? target, string method, object?[] arguments)
    {
        if (target is null)
        {
            throw new JuelEvaluationException($"Cannot call {method}() on null.");
        }

        switch (method, arguments.Length)
        {
            case ("toString", 0):
                return JuelCoercion.ToText(target);
            case ("equals", 1):
                return JuelCoercion.AreEqual(target, arguments[0]);
        }

        return target switch
        {
            string text => OnString(text, method, arguments),
            JuelExecution execution => execution.Invoke(method, arguments),
            JuelExternalTask externalTask => externalTask.Invoke(method, arguments),
            IDictionary<string, object?> map => OnMap(map, method, arguments),
            IList list => OnList(list, method, arguments),
            _ when JuelCoercion.IsInteger(target) || JuelCoercion.IsFloating(target) => OnNumber(target, method, arguments),
            _ => throw NotAllowed(target, method, arguments),
        };
    }

    private static object? OnString(string text, string method, object?[] a) => (method, a.Length) switch
    {
        ("length", 0) => (long)text.Length,
        ("isEmpty", 0) => text.Length == 0,
        ("contains", 1) => text.Contains(JuelCoercion.ToText(a[0]), StringComparison.Ordinal),
        ("startsWith", 1) => text.StartsWith(JuelCoercion.ToText(a[0]), StringComparison.Ordinal),
        ("endsWith", 1) => text.EndsWith(JuelCoercion.ToText(a[0]), StringComparison.Ordinal),
        ("equalsIgnoreCase", 1) => string.Equals(text, JuelCoercion.ToText(a[0]), StringComparison.OrdinalIgnoreCase),
        ("toUpperCase", 0) => text.ToUpperInvariant(),
        ("toLowerCase", 0) => text.ToLowerInvariant(),
        ("trim", 0) => text.Trim(),
        ("indexOf", 1) => (long)text.IndexOf(JuelCoercion.ToText(a[0]), StringComparison.Ordinal),
        ("substring", 1) => text[Bounded(a[0], text.Length)..],
        ("substring", 2) => text[Bounded(a[0], text.Length)..Math.Max(Bounded(a[0], text.Length), Bounded(a[1], text.Length))],
        ("replace", 2) => text.Replace(JuelCoercion.ToText(a[0]), JuelCoercion.ToText(a[1]), StringComparison.Ordinal),
        _ => throw NotAllowed(text, method, a),
    };

    private static object? OnList(IList list, string method, object?[] a) => (method, a.Length) switch
    {
        ("size", 0) => (long)list.Count,
        ("isEmpty", 0) => list.Count == 0,
        ("contains", 1) => list.Cast<object?>().Any(item => SameItem(item, a[0])),
        ("indexOf", 1) => (long)list.Cast<object?>().TakeWhile(item => !SameItem(item, a[0])).Count() is var at && at < list.Count ? at : -1L,
        ("get", 1) => JuelCoercion.ToLong(a[0]) is var i && i >= 0 && i < list.Count
            ? list[(int)i] : throw new JuelEvaluationException($"Index {i} is outside the list of {list.Count}."),
        _ => throw NotAllowed(list, method, a),
    };

    private static object? OnMap(IDictionary<string, object?> map, string method, object?[] a) => (method, a.Length) switch
    {
        ("size", 0) => (long)map.Count,
        ("isEmpty", 0) => map.Count == 0,
        ("containsKey", 1) => map.ContainsKey(JuelCoercion.ToText(a[0])),
        ("get", 1) => map.TryGetValue(JuelCoercion.ToText(a[0]), out var value) ? value : null,
        _ => throw NotAllowed(map, method, a),
    };

    private static object? OnNumber(object number, string method, object?[] a) => (method, a.Length) switch
    {
        // Boxed one by one: a switch of long and double arms would widen every arm to double.
        ("intValue" or "longValue", 0) => (object)JuelCoercion.ToLong(number),
        ("doubleValue" or "floatValue", 0) => (object)JuelCoercion.ToDouble(number),
        ("compareTo", 1) => (object)(long)JuelCoercion.Compare(number, a[0] ?? throw new JuelEvaluationException("compareTo(null)")),
        _ => throw NotAllowed(number, method, a),
    };

    /// <summary>EL equality for a list's items, where an item that does not convert ('two' against 1) is simply another item.</summary>
    private static bool SameItem(object? item, object? wanted)
    {
        try
        {
            return JuelCoercion.AreEqual(item, wanted);
        }
        catch (JuelEvaluationException)
        {
            return false;
        }
    }

    private static int Bounded(object? index, int length) => (int)Math.Clamp(JuelCoercion.ToLong(index), 0, length);

    private static JuelEvaluationException NotAllowed(object target, string method, object?[] arguments) =>
        new($"The method {method}() with {arguments.Length} argument(s) cannot be called on {JuelCoercion.Describe(target)}: expressions may call only common read-only methods (length, contains, size, get, …); use a script task for more.");
}

/// <summary>
/// <c>execution</c> in an expression: reads the variables in scope. Expressions do not write (a script task or an
/// output mapping does), so <c>setVariable</c> is refused with that advice.
/// </summary>
internal sealed class JuelExecution(IVariableScope variables)
{
    public const string Name = "execution";

    public object? Invoke(string method, object?[] a) => (method, a.Length) switch
    {
        ("getVariable" or "getVariableLocal", 1) => variables.TryGetVariable(JuelCoercion.ToText(a[0]), out var value) ? value : null,
        ("hasVariable" or "hasVariableLocal", 1) => variables.TryGetVariable(JuelCoercion.ToText(a[0]), out _),
        ("getVariables", 0) => variables.VariableNames.ToDictionary(n => n, n => variables.TryGetVariable(n, out var v) ? v : null, StringComparer.Ordinal),
        ("setVariable" or "setVariableLocal", _) => throw new JuelEvaluationException(
            "execution.setVariable cannot be called in an expression: set the variable in a script task (JavaScript) or an output mapping."),
        _ => throw new JuelEvaluationException($"execution.{method}() with {a.Length} argument(s) is not available in expressions (getVariable, hasVariable and getVariables are)."),
    };
}

/// <summary>
/// <c>externalTask</c> in an external task's error rule (<c>camunda:errorEventDefinition</c>): what the worker reported.
/// Read-only, by Camunda's getters or as properties.
/// </summary>
internal sealed class JuelExternalTask(string activityId, string? topicName, string? errorMessage, string? errorDetails)
{
    public const string Name = "externalTask";

    public object? Invoke(string method, object?[] a) => a.Length == 0 && method.StartsWith("get", StringComparison.Ordinal) && method.Length > 3
        ? Property(char.ToLowerInvariant(method[3]) + method[4..])
        : throw Unknown(method + "()");

    public object? Property(string name) => name switch
    {
        "activityId" => activityId,
        "topicName" => topicName,
        "errorMessage" => errorMessage,
        "errorDetails" => errorDetails,
        _ => throw Unknown(name),
    };

    private static JuelEvaluationException Unknown(string member) =>
        new($"externalTask.{member} is not available in expressions (activityId, topicName, errorMessage and errorDetails are).");
}
