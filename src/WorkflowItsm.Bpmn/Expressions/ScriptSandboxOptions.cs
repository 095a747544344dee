namespace WorkflowItsm.Bpmn.Expressions;

/// <summary>The limits every expression and script runs under. One evaluation that exceeds any of them fails.</summary>
public sealed class ScriptSandboxOptions
{
    /// <summary>Wall-clock time one evaluation may take.</summary>
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Bytes one evaluation may allocate.</summary>
    public long MemoryLimitBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>JavaScript statements one evaluation may execute.</summary>
    public int MaxStatements { get; set; } = 100_000;

    /// <summary>How deep script functions may call each other.</summary>
    public int MaxRecursionDepth { get; set; } = 256;

    /// <summary>How many compiled sources are kept per kind (expressions, scripts) before the cache starts over.</summary>
    public int MaxCachedSources { get; set; } = 4096;
}
