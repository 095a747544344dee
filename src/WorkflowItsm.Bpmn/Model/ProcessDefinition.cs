namespace WorkflowItsm.Bpmn.Model;

/// <summary>
/// One executable (or not) process of a definitions document, with its graph and a lookup of every node at
/// any depth by id.
/// </summary>
public sealed class ProcessDefinition : BaseElement, IFlowContainer
{
    private Dictionary<string, FlowNode> _allNodes = new(StringComparer.Ordinal);

    public bool IsExecutable { get; init; }
    public string? VersionTag { get; init; }

    /// <summary><c>camunda:candidateStarterGroups</c>: who may start the process (enforced by the host).</summary>
    public IReadOnlyList<string> CandidateStarterGroups { get; init; } = [];

    /// <summary><c>camunda:candidateStarterUsers</c>: who may start the process (enforced by the host).</summary>
    public IReadOnlyList<string> CandidateStarterUsers { get; init; } = [];
    public IReadOnlyList<Lane> Lanes { get; init; } = [];
    public FlowGraph Graph { get; internal set; } = null!;

    /// <summary>The definitions document this process came from (messages, errors, signals...).</summary>
    public BpmnDefinitions Definitions { get; internal set; } = null!;

    /// <summary>Every flow node of this process, at any nesting depth.</summary>
    public IReadOnlyCollection<FlowNode> AllNodes => _allNodes.Values;

    public FlowNode? FindNode(string id) => _allNodes.GetValueOrDefault(id);

    internal void IndexNodes()
    {
        var all = new Dictionary<string, FlowNode>(StringComparer.Ordinal);
        Collect(Graph, all);
        _allNodes = all;

        static void Collect(FlowGraph graph, Dictionary<string, FlowNode> all)
        {
            foreach (var node in graph.Nodes)
            {
                all.TryAdd(node.Id, node);
                if (node is SubProcess sub)
                {
                    Collect(sub.Graph, all);
                }
            }
        }
    }
}
