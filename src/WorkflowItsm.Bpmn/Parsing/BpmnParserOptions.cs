namespace WorkflowItsm.Bpmn.Parsing;

/// <summary>Limits that keep a hostile or broken upload from costing more than a parse should.</summary>
public sealed class BpmnParserOptions
{
    public static BpmnParserOptions Default { get; } = new();

    /// <summary>Largest accepted document, in characters (default 5 MB).</summary>
    public long MaxCharactersInDocument { get; init; } = 5 * 1024 * 1024;

    /// <summary>Deepest accepted element nesting (default 256); real models stay far below.</summary>
    public int MaxDepth { get; init; } = 256;
}
