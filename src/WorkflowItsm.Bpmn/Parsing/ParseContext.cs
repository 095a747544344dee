using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.Validation;

namespace WorkflowItsm.Bpmn.Parsing;

/// <summary>State shared by the builders of one document: declarations, seen ids and the problem list.</summary>
internal sealed class ParseContext
{
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly HashSet<string> _writtenIds;
    private readonly Dictionary<string, (int Count, string? FirstOwner)> _ignoredExtensions = new(StringComparer.Ordinal);

    public ParseContext(List<BpmnProblem> problems, XmlElementNode root)
    {
        Problems = problems;
        _writtenIds = new HashSet<string>(StringComparer.Ordinal);
        CollectWrittenIds(root, _writtenIds);
    }

    public List<BpmnProblem> Problems { get; }
    public Dictionary<string, MessageDeclaration> Messages { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, SignalDeclaration> Signals { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, ErrorDeclaration> Errors { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, EscalationDeclaration> Escalations { get; } = new(StringComparer.Ordinal);

    /// <summary>The associations of every process read (source and target refs): they link compensation handlers.</summary>
    public List<(string? Source, string? Target)> Associations { get; } = [];

    /// <summary>
    /// Ids made up for elements the XML gave none (sequence flows included): the file has no such id to select, so
    /// problems about them name no element but a line.
    /// </summary>
    public HashSet<string> InventedIds { get; } = new(StringComparer.Ordinal);

    /// <summary>The element's id; reports a missing or duplicate id and invents one so reading can go on.</summary>
    public string IdOf(XmlElementNode element)
    {
        var id = element.Attribute("id");
        if (string.IsNullOrWhiteSpace(id))
        {
            // Readable in messages ("'userTask at line 12, column 5' cannot be reached"), and never a real id.
            id = $"{element.LocalName} at line {element.Position.Line}, column {element.Position.Column}";
            InventedIds.Add(id);
            _ids.Add(id);
            Problems.Add(BpmnProblem.Error(null, BpmnProblemCodes.MissingAttribute,
                $"A {element.LocalName} at line {element.Position.Line} has no id.") with { Line = element.Position.Line });
            return id;
        }

        if (!_ids.Add(id))
        {
            Problems.Add(BpmnProblem.Error(id, BpmnProblemCodes.DuplicateId,
                $"The id '{id}' is used by more than one element (again at line {element.Position.Line}).") with { Line = element.Position.Line });
        }

        return id;
    }

    /// <summary>
    /// A sequence flow's id. It is optional in BPMN and Camunda; one without gets an id made from its source and
    /// target (and a number when several flows join the same two nodes), so the same XML always gets the same id.
    /// </summary>
    public string FlowIdOf(XmlElementNode flow)
    {
        if (!string.IsNullOrWhiteSpace(flow.Attribute("id")))
        {
            return IdOf(flow);
        }

        var stem = $"flow_{flow.Attribute("sourceRef")}_{flow.Attribute("targetRef")}";
        var id = stem;
        for (var n = 2; _writtenIds.Contains(id) || _ids.Contains(id); n++)
        {
            id = $"{stem}_{n}";
        }

        _ids.Add(id);
        InventedIds.Add(id);
        return id;
    }

    /// <summary>Notes an extension element of another tool (Signavio metadata, say): read past, reported once per namespace.</summary>
    public void IgnoreExtension(XmlElementNode extension, string? ownerId)
    {
        _ignoredExtensions[extension.NamespaceUri] = _ignoredExtensions.TryGetValue(extension.NamespaceUri, out var seen)
            ? (seen.Count + 1, seen.FirstOwner)
            : (1, ownerId);
    }

    /// <summary>One warning per foreign namespace whose extension elements were ignored.</summary>
    public void ReportIgnoredExtensions()
    {
        foreach (var (namespaceUri, (count, firstOwner)) in _ignoredExtensions)
        {
            var where = firstOwner is null ? string.Empty : $", the first on '{firstOwner}'";
            Problems.Add(BpmnProblem.Warning(firstOwner, BpmnProblemCodes.IgnoredExtension,
                $"{count} extension element(s) of namespace '{namespaceUri}'{where} are ignored: they have no meaning for this engine."));
        }
    }

    private static void CollectWrittenIds(XmlElementNode element, HashSet<string> ids)
    {
        if (element.Attribute("id") is { Length: > 0 } id)
        {
            ids.Add(id);
        }

        foreach (var child in element.Children)
        {
            CollectWrittenIds(child, ids);
        }
    }
}
