using System.Collections.Concurrent;

namespace WorkflowItsm.Bpmn.Expressions;

/// <summary>
/// Runs expressions and scripts as strict-mode JavaScript on Jint, sandboxed by <see cref="ScriptSandboxOptions"/>
/// and without any CLR access. Compiled sources are cached; engines are pooled because a Jint engine serves one
/// thread at a time and a locked-down engine costs far more to build than an evaluation. Thread-safe.
/// </summary>
public sealed class JintScriptEngine : IScriptEngine, IDisposable
{
    private readonly ScriptSandboxOptions _options;
    private readonly ConcurrentDictionary<string, CompiledScript> _expressions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CompiledScript> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<SandboxedEngine> _idleEngines = [];
    private readonly int _maxIdleEngines = Environment.ProcessorCount * 2;

    public JintScriptEngine(ScriptSandboxOptions? options = null)
    {
        _options = options ?? new ScriptSandboxOptions();
    }

    public string? Check(string source, bool isExpression) => Compile(source, isExpression).Error;

    public object? Evaluate(string expression, IVariableScope variables)
    {
        var compiled = CompileOrThrow(expression, isExpression: true);
        var engine = Rent();
        try
        {
            return engine.Evaluate(compiled, variables);
        }
        finally
        {
            Return(engine);
        }
    }

    public ScriptResult Run(string script, IVariableScope variables)
    {
        var compiled = CompileOrThrow(script, isExpression: false);
        var engine = Rent();
        try
        {
            return engine.Run(compiled, variables);
        }
        finally
        {
            Return(engine);
        }
    }

    public void Dispose()
    {
        while (_idleEngines.TryTake(out var engine))
        {
            engine.Dispose();
        }
    }

    private CompiledScript CompileOrThrow(string source, bool isExpression)
    {
        var compiled = Compile(source, isExpression);
        return compiled.Error is null ? compiled : throw new ScriptFailedException(compiled.Error);
    }

    private CompiledScript Compile(string source, bool isExpression)
    {
        var cache = isExpression ? _expressions : _scripts;
        if (cache.TryGetValue(source, out var compiled))
        {
            return compiled;
        }

        // Models hold a bounded set of sources; starting over is simpler than LRU and only hit by generated text.
        if (cache.Count >= _options.MaxCachedSources)
        {
            cache.Clear();
        }

        compiled = isExpression ? CompiledScript.CompileExpression(source) : CompiledScript.CompileScript(source);
        return cache.GetOrAdd(source, compiled);
    }

    private SandboxedEngine Rent() => _idleEngines.TryTake(out var engine) ? engine : new SandboxedEngine(_options);

    private void Return(SandboxedEngine engine)
    {
        // An engine stopped by a limit is dropped: its interpreter state is not worth trusting again.
        if (engine.IsSpoiled || _idleEngines.Count >= _maxIdleEngines)
        {
            engine.Dispose();
            return;
        }

        _idleEngines.Add(engine);
    }
}
