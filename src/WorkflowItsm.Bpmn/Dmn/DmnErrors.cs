namespace WorkflowItsm.Bpmn.Dmn;

/// <summary>A .dmn file that cannot be deployed; the message names the decision (and rule or input) at fault.</summary>
public sealed class DmnModelException(string message, string? decisionId = null, string? elementId = null) : Exception(message)
{
    public string? DecisionId { get; } = decisionId;
    public string? ElementId { get; } = elementId;
}

/// <summary>An evaluation that failed: a broken hit policy, a failing expression. The message names the decision.</summary>
public class DmnEvaluationException(string message, string decisionId, Exception? inner = null) : Exception(message, inner)
{
    public string DecisionId { get; } = decisionId;
}

/// <summary>An input value that does not fit the input's type (e.g. "abc" for an integer); names the input.</summary>
public sealed class DmnInputException(string message, string decisionId, string inputName) : DmnEvaluationException(message, decisionId)
{
    /// <summary>The input's label, or its expression (usually the variable's name) when it has none.</summary>
    public string InputName { get; } = inputName;
}
