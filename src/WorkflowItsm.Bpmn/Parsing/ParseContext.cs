using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.Validation;

namespace WorkflowItsm.Bpmn.Parsing;

/// <summary>State shared by the builders of one document: declarations, seen ids and the problem list.</summary>
internal sealed class ParseContext(List<BpmnProblem> problems)
{
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private int _anonymous;

    public List<BpmnProblem> Problems { get; } = problems;
    public Dictionary<string, MessageDeclaration> Messages { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, SignalDeclaration> Signals { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, ErrorDeclaration> Errors { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, EscalationDeclaration> Escalations { get; } = new(StringComparer.Ordinal);

    /// <summary>The element's id; reports a missing or duplicate id and invents one so reading can go on.</summary>
    public string IdOf(XmlElementNode element)
    {
        var id = element.Attribute("id");
        if (string.IsNullOrWhiteSpace(id))
        {
            id = $"_{element.LocalName}_{++_anonymous}";
            Problems.Add(BpmnProblem.Error(null, BpmnProblemCodes.MissingAttribute,
                $"A {element.LocalName} at line {element.Position.Line} has no id."));
            return id;
        }

        if (!_ids.Add(id))
        {
            Problems.Add(BpmnProblem.Error(id, BpmnProblemCodes.DuplicateId,
                $"The id '{id}' is used by more than one element (again at line {element.Position.Line})."));
        }

        return id;
    }
}
