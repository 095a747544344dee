using System.Globalization;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace WorkflowItsm.Bpmn.Expressions;

/// <summary>
/// One Jint engine, locked down (see <see cref="EngineLockdown"/>) and reusable: it runs one evaluation at a time
/// and is pooled between them. Its globals are reset after every run.
/// </summary>
internal sealed class SandboxedEngine : IDisposable
{
    private readonly Engine _engine;
    private readonly ScriptSandboxOptions _options;
    private readonly GlobalSnapshot _cleanGlobals;
    private readonly HashSet<string> _builtInNames;
    private readonly List<string> _installedNames = [];
    private static readonly IReadOnlyDictionary<string, object?> EmptyVariables = new Dictionary<string, object?>();

    // State of the evaluation in progress, read by the execution object's functions.
    private IVariableScope? _scope;
    private Dictionary<string, object?>? _setVariables;
    private bool _allowSetVariable;

    public SandboxedEngine(ScriptSandboxOptions options)
    {
        _options = options;
        _engine = new Engine(jint =>
        {
            jint.Strict = true;
            jint.Host.StringCompilationAllowed = false; // no eval / new Function: every line that runs was checked
            jint.Culture = CultureInfo.InvariantCulture;
            jint.TimeZone = TimeZoneInfo.Utc;
            jint.TimeoutInterval(options.TimeLimit);
            jint.LimitMemory(options.MemoryLimitBytes);
            jint.MaxStatements(options.MaxStatements);
            jint.LimitRecursion(options.MaxRecursionDepth);
            jint.Constraints.StackOverflowGuard = true;
            jint.Constraints.RegexTimeout = options.TimeLimit;
            jint.Constraints.MaxArraySize = EngineLockdown.MaxElements(options);
        });

        _engine.SetValue("execution", CreateExecutionObject());
        EngineLockdown.Apply(_engine, options);
        _builtInNames = _engine.Global.GetOwnPropertyKeys(Types.String).Select(k => k.ToString()).ToHashSet(StringComparer.Ordinal);
        _cleanGlobals = _engine.Advanced.CaptureGlobalSnapshot();
    }

    /// <summary>Whether a failure left the engine in a state not worth reusing (a sandbox limit was hit).</summary>
    public bool IsSpoiled { get; private set; }

    public object? Evaluate(CompiledScript compiled, IVariableScope variables) =>
        Run(compiled, variables, allowSetVariable: false).Value;

    public ScriptResult Run(CompiledScript compiled, IVariableScope variables) =>
        Run(compiled, variables, allowSetVariable: true);

    private ScriptResult Run(CompiledScript compiled, IVariableScope variables, bool allowSetVariable)
    {
        _scope = variables;
        _allowSetVariable = allowSetVariable;
        try
        {
            InstallVariables(compiled, variables);
            var value = ScriptValueConverter.ToClr(_engine.Evaluate(compiled.Program));
            return new ScriptResult(value, (IReadOnlyDictionary<string, object?>?)_setVariables ?? EmptyVariables);
        }
        catch (Exception ex) when (ex is not ScriptFailedException)
        {
            IsSpoiled = ex is not JavaScriptException;
            throw ScriptFailure.From(ex, compiled, _options);
        }
        finally
        {
            CleanUp(compiled);
        }
    }

    /// <summary>Only the variables the source names are converted; a built-in name (Math, JSON...) wins over a variable.</summary>
    private void InstallVariables(CompiledScript compiled, IVariableScope variables)
    {
        foreach (var name in compiled.FreeNames)
        {
            if (!_builtInNames.Contains(name) && variables.TryGetVariable(name, out var value))
            {
                _engine.SetValue(name, ScriptValueConverter.ToJs(_engine, value));
                _installedNames.Add(name);
            }
        }
    }

    private void CleanUp(CompiledScript compiled)
    {
        if (compiled.MayChangeGlobals || IsSpoiled)
        {
            _engine.Advanced.RestoreGlobalSnapshot(_cleanGlobals);
        }
        else
        {
            // Deleting what we installed costs a fraction of a snapshot restore, and is all an expression can leave.
            foreach (var name in _installedNames)
            {
                _engine.Global.RemoveOwnProperty(name);
            }
        }

        _installedNames.Clear();
        _engine.Advanced.ResetCallStack();
        _scope = null;
        _setVariables = null;
    }

    private JsObject CreateExecutionObject()
    {
        var execution = new JsObject(_engine);
        execution.FastSetDataProperty("getVariable", new ClrFunction(_engine, "getVariable", GetVariable, 1));
        execution.FastSetDataProperty("getVariables", new ClrFunction(_engine, "getVariables", GetVariables));
        execution.FastSetDataProperty("hasVariable", new ClrFunction(_engine, "hasVariable", HasVariable, 1));
        execution.FastSetDataProperty("setVariable", new ClrFunction(_engine, "setVariable", SetVariable, 2));
        return execution;
    }

    private JsValue GetVariable(JsValue thisObject, JsValue[] arguments)
    {
        var name = VariableName(arguments);
        if (_setVariables is not null && _setVariables.TryGetValue(name, out var set))
        {
            return ToJsInsideRun(name, set);
        }

        return _scope is not null && _scope.TryGetVariable(name, out var value)
            ? ToJsInsideRun(name, value)
            : JsValue.Null;
    }

    /// <summary>All visible variables as one object; values set by this script win over the scope's.</summary>
    private JsObject GetVariables(JsValue thisObject, JsValue[] arguments)
    {
        var all = new JsObject(_engine);
        foreach (var name in _scope?.VariableNames ?? [])
        {
            if (_scope!.TryGetVariable(name, out var value))
            {
                all.FastSetDataProperty(name, ToJsInsideRun(name, value));
            }
        }

        foreach (var (name, value) in _setVariables ?? [])
        {
            all.FastSetDataProperty(name, ToJsInsideRun(name, value));
        }

        return all;
    }

    private JsBoolean HasVariable(JsValue thisObject, JsValue[] arguments)
    {
        var name = VariableName(arguments);
        var has = (_setVariables?.ContainsKey(name) ?? false) || (_scope?.TryGetVariable(name, out _) ?? false);
        return has ? JsBoolean.True : JsBoolean.False;
    }

    private JsValue SetVariable(JsValue thisObject, JsValue[] arguments)
    {
        if (!_allowSetVariable)
        {
            throw new JavaScriptException(_engine.Intrinsics.TypeError, "execution.setVariable is only available in scripts, not in expressions");
        }

        var name = VariableName(arguments);
        object? value;
        try
        {
            value = ScriptValueConverter.ToClr(arguments.Length > 1 ? arguments[1] : JsValue.Undefined);
        }
        catch (ScriptFailedException ex)
        {
            throw new JavaScriptException(_engine.Intrinsics.TypeError, $"execution.setVariable('{name}'): {ex.Message}");
        }

        (_setVariables ??= new Dictionary<string, object?>(StringComparer.Ordinal))[name] = value;
        return JsValue.Undefined;
    }

    /// <summary>Conversion failures inside a run become JavaScript errors, so that Jint unwinds as it does for its own.</summary>
    private JsValue ToJsInsideRun(string name, object? value)
    {
        try
        {
            return ScriptValueConverter.ToJs(_engine, value);
        }
        catch (ScriptFailedException ex)
        {
            throw new JavaScriptException(_engine.Intrinsics.TypeError, $"variable '{name}': {ex.Message}");
        }
    }

    private string VariableName(JsValue[] arguments) =>
        arguments.Length > 0 && arguments[0].IsString()
            ? arguments[0].ToString()
            : throw new JavaScriptException(_engine.Intrinsics.TypeError, "the variable name must be a string");

    public void Dispose() => _engine.Dispose();
}
