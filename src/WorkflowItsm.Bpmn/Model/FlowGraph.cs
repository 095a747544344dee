namespace WorkflowItsm.Bpmn.Model;

/// <summary>A process or (event) sub-process: something that owns a graph of nodes and flows.</summary>
public interface IFlowContainer
{
    string Id { get; }
    FlowGraph Graph { get; }
}

/// <summary>
/// The nodes and flows of one container, linked once and then read-only: incoming/outgoing flows, default
/// flows, boundary events per activity, link targets and the reachability table used by inclusive joins and
/// by the validator.
/// </summary>
public sealed class FlowGraph
{
    private readonly Dictionary<string, FlowNode> _nodesById;
    private readonly Dictionary<string, IntermediateCatchEvent> _linkCatchesByName;
    private readonly ReachabilityTable _reachability;

    internal FlowGraph(IFlowContainer container, IReadOnlyList<FlowNode> nodes, IReadOnlyList<SequenceFlow> flows)
    {
        Nodes = nodes;
        Flows = flows;
        _nodesById = new Dictionary<string, FlowNode>(nodes.Count, StringComparer.Ordinal);
        _linkCatchesByName = new Dictionary<string, IntermediateCatchEvent>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            node.Container = container;
            node.Index = i;
            _nodesById.TryAdd(node.Id, node);
            if (node is IntermediateCatchEvent { Definition: LinkEventDefinition { LinkName: { } linkName } } catchEvent)
            {
                _linkCatchesByName.TryAdd(linkName, catchEvent);
            }
        }

        LinkFlows();
        LinkBoundaryEvents();
        StartEvents = nodes.OfType<StartEvent>().ToArray();
        NoneStartEvent = StartEvents.FirstOrDefault(s => s.Definition is null);
        EventSubProcesses = nodes.OfType<SubProcess>().Where(s => s.TriggeredByEvent).ToArray();
        _reachability = new ReachabilityTable(nodes, this);
    }

    public IReadOnlyList<FlowNode> Nodes { get; }
    public IReadOnlyList<SequenceFlow> Flows { get; }
    public IReadOnlyList<StartEvent> StartEvents { get; }

    /// <summary>The start event without trigger, where a plain start or an embedded sub-process begins.</summary>
    public StartEvent? NoneStartEvent { get; }

    public IReadOnlyList<SubProcess> EventSubProcesses { get; }

    public FlowNode? FindNode(string id) => _nodesById.GetValueOrDefault(id);

    /// <summary>The link catch event a link throw with this name jumps to.</summary>
    public IntermediateCatchEvent? FindLinkCatch(string linkName) => _linkCatchesByName.GetValueOrDefault(linkName);

    /// <summary>True when a token at <paramref name="from"/> can get to <paramref name="to"/> (both in this graph).</summary>
    public bool CanReach(FlowNode from, FlowNode to) => _reachability.CanReach(from.Index, to.Index);

    /// <summary>The nodes directly after <paramref name="node"/>: flow targets, attached boundary events, link catches.</summary>
    internal IEnumerable<FlowNode> Successors(FlowNode node)
    {
        foreach (var flow in node.Outgoing)
        {
            yield return flow.Target;
        }

        if (node is Activity activity)
        {
            foreach (var boundary in activity.BoundaryEvents)
            {
                yield return boundary;
            }
        }

        if (node is IntermediateThrowEvent { Definition: LinkEventDefinition { LinkName: { } name } }
            && FindLinkCatch(name) is { } target)
        {
            yield return target;
        }
    }

    private void LinkFlows()
    {
        var incoming = new Dictionary<FlowNode, List<SequenceFlow>>();
        var outgoing = new Dictionary<FlowNode, List<SequenceFlow>>();
        foreach (var flow in Flows)
        {
            if (flow.SourceRef is null || flow.TargetRef is null
                || !_nodesById.TryGetValue(flow.SourceRef, out var source)
                || !_nodesById.TryGetValue(flow.TargetRef, out var target))
            {
                continue; // dangling: reported by the validator, never executed
            }

            flow.Source = source;
            flow.Target = target;
            flow.IsResolved = true;
            Add(outgoing, source, flow);
            Add(incoming, target, flow);
        }

        foreach (var node in Nodes)
        {
            node.Incoming = incoming.TryGetValue(node, out var inFlows) ? inFlows.ToArray() : [];
            node.Outgoing = outgoing.TryGetValue(node, out var outFlows) ? outFlows.ToArray() : [];
            var defaultRef = node switch
            {
                Gateway gateway => gateway.DefaultFlowRef,
                Activity activity => activity.DefaultFlowRef,
                _ => null,
            };
            var defaultFlow = defaultRef is null ? null : node.Outgoing.FirstOrDefault(f => f.Id == defaultRef);
            if (defaultFlow is null)
            {
                continue;
            }

            defaultFlow.IsDefault = true;
            if (node is Gateway g)
            {
                g.DefaultFlow = defaultFlow;
            }
            else if (node is Activity a)
            {
                a.DefaultFlow = defaultFlow;
            }
        }

        static void Add(Dictionary<FlowNode, List<SequenceFlow>> map, FlowNode node, SequenceFlow flow)
        {
            if (!map.TryGetValue(node, out var list))
            {
                map[node] = list = [];
            }

            list.Add(flow);
        }
    }

    private void LinkBoundaryEvents()
    {
        var byActivity = new Dictionary<Activity, List<BoundaryEvent>>();
        foreach (var node in Nodes)
        {
            if (node is BoundaryEvent { AttachedToRef: { } attachedRef } boundary
                && _nodesById.TryGetValue(attachedRef, out var host) && host is Activity activity)
            {
                boundary.AttachedTo = activity;
                if (!byActivity.TryGetValue(activity, out var list))
                {
                    byActivity[activity] = list = [];
                }

                list.Add(boundary);
            }
        }

        foreach (var (activity, boundaries) in byActivity)
        {
            activity.BoundaryEvents = boundaries.ToArray();
        }
    }
}
