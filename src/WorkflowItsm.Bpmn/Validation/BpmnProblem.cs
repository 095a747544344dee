namespace WorkflowItsm.Bpmn.Validation;

public enum BpmnProblemSeverity
{
    Warning,
    Error,
}

/// <summary>
/// One problem of a definition: which element (null for the document), a stable code from
/// <see cref="BpmnProblemCodes"/> and a message for the modeller.
/// </summary>
public sealed record BpmnProblem(string? ElementId, string Code, string Message, BpmnProblemSeverity Severity)
{
    /// <summary>The line of the source XML the problem is about, when known.</summary>
    public int? Line { get; init; }

    public static BpmnProblem Error(string? elementId, string code, string message) =>
        new(elementId, code, message, BpmnProblemSeverity.Error);

    public static BpmnProblem Warning(string? elementId, string code, string message) =>
        new(elementId, code, message, BpmnProblemSeverity.Warning);

    public override string ToString() =>
        $"{Severity} {Code} [{ElementId ?? "document"}{(Line is { } line ? $", line {line}" : string.Empty)}]: {Message}";
}
