namespace WorkflowItsm.Bpmn.Expressions;

/// <summary>
/// Runs the JavaScript of a model: condition and input/output expressions (optionally wrapped in Camunda's
/// <c>${...}</c>) and script tasks. Variable values are JSON-compatible CLR values: null, bool, long, double,
/// string, <see cref="List{T}"/> of values and <see cref="Dictionary{TKey,TValue}"/> of string to value.
/// Implementations are sandboxed (time, memory, statement and recursion limits, no CLR access) and cache
/// compiled code, so they are safe to share between threads and instances.
/// </summary>
public interface IScriptEngine
{
    /// <summary>Checks that the source compiles; returns null when it does, else the parser's message.</summary>
    /// <param name="source">The expression or script text, as written in the model.</param>
    /// <param name="isExpression">True for an expression (may be wrapped in <c>${...}</c>), false for a script.</param>
    string? Check(string source, bool isExpression);

    /// <summary>Evaluates an expression against the visible variables and returns its JSON-compatible value.</summary>
    /// <exception cref="ScriptFailedException">The expression failed, or a sandbox limit stopped it.</exception>
    object? Evaluate(string expression, IVariableScope variables);

    /// <summary>
    /// Runs a script task's script. The script sees the variables as globals and an <c>execution</c> object with
    /// <c>getVariable(name)</c> and <c>setVariable(name, value)</c>; the value of its last statement is the result.
    /// </summary>
    /// <exception cref="ScriptFailedException">The script failed, or a sandbox limit stopped it.</exception>
    ScriptResult Run(string script, IVariableScope variables);
}

/// <summary>The variables visible at a point of execution, looked up outward through the scopes.</summary>
public interface IVariableScope
{
    bool TryGetVariable(string name, out object? value);

    /// <summary>All visible variable names, innermost scope first, each once.</summary>
    IEnumerable<string> VariableNames { get; }
}

/// <summary>What a script produced: its last value and the variables it set through <c>execution.setVariable</c>.</summary>
public sealed record ScriptResult(object? Value, IReadOnlyDictionary<string, object?> SetVariables);

/// <summary>A script or expression failed: a JavaScript error, a compile error, or a sandbox limit.</summary>
public sealed class ScriptFailedException : Exception
{
    /// <summary>
    /// True when a sandbox limit (time, memory, statements, recursion, or a size a built-in refused) stopped the
    /// script: running it again on the same variables would only hit the limit again, so hosts do not retry it.
    /// </summary>
    public bool IsSandboxLimit { get; init; }

    public ScriptFailedException() { }
    public ScriptFailedException(string message) : base(message) { }
    public ScriptFailedException(string message, Exception inner) : base(message, inner) { }
}
