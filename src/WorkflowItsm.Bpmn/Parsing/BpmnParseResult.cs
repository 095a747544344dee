using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.Validation;

namespace WorkflowItsm.Bpmn.Parsing;

/// <summary>
/// What parsing produced: the model (null when the XML could not be read at all) and the problems found while
/// reading. Run <see cref="BpmnValidator"/> on the model for the semantic checks.
/// </summary>
public sealed record BpmnParseResult(BpmnDefinitions? Definitions, IReadOnlyList<BpmnProblem> Problems)
{
    public bool Succeeded => Definitions is not null && !Problems.Any(p => p.Severity == BpmnProblemSeverity.Error);
}
