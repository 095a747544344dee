namespace WorkflowItsm.Bpmn.Model;

/// <summary>A parsed <c>bpmn:definitions</c> document: processes, collaboration and shared declarations.</summary>
public sealed class BpmnDefinitions : BaseElement
{
    public string? TargetNamespace { get; init; }
    public string? Exporter { get; init; }
    public string? ExporterVersion { get; init; }

    /// <summary>The language of the document's <c>${…}</c> expressions; see <see cref="ExpressionLanguages.Of"/>.</summary>
    public ExpressionLanguage ExpressionLanguage { get; init; }
    public IReadOnlyList<ProcessDefinition> Processes { get; init; } = [];
    public Collaboration? Collaboration { get; init; }
    public IReadOnlyDictionary<string, MessageDeclaration> Messages { get; init; } = new Dictionary<string, MessageDeclaration>();
    public IReadOnlyDictionary<string, SignalDeclaration> Signals { get; init; } = new Dictionary<string, SignalDeclaration>();
    public IReadOnlyDictionary<string, ErrorDeclaration> Errors { get; init; } = new Dictionary<string, ErrorDeclaration>();
    public IReadOnlyDictionary<string, EscalationDeclaration> Escalations { get; init; } = new Dictionary<string, EscalationDeclaration>();

    /// <summary>Ids the parser made up for elements written without one (a sequence flow's is stable, from its ends).</summary>
    internal IReadOnlySet<string> InventedIds { get; init; } = new HashSet<string>();

    public ProcessDefinition? FindProcess(string id)
    {
        foreach (var process in Processes)
        {
            if (process.Id == id)
            {
                return process;
            }
        }

        return null;
    }
}
