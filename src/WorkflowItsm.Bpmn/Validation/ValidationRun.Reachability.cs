using WorkflowItsm.Bpmn.Model;

namespace WorkflowItsm.Bpmn.Validation;

internal sealed partial class ValidationRun
{
    /// <summary>
    /// Every node must be able to reach an end (a node without outgoing flows); one no start event of its graph
    /// reaches is a warning. Event sub-processes are entered by their trigger, so they count as reachable.
    /// </summary>
    private void ValidateReachability(FlowGraph graph, GraphKind kind)
    {
        var starts = kind == GraphKind.EventSubProcess
            ? graph.StartEvents.ToArray()
            : graph.StartEvents.Where(s => kind == GraphKind.Process || s.Definition is null).ToArray();
        if (kind != GraphKind.Process && starts.Length == 0)
        {
            return; // already reported as a start event problem
        }

        var ends = graph.Nodes.Where(IsEnd).ToArray();
        foreach (var node in graph.Nodes)
        {
            if (node is SubProcess { TriggeredByEvent: true })
            {
                continue;
            }

            if (node is Activity { IsForCompensation: true } handler)
            {
                // Run only when compensated, never reached by a flow.
                if (handler.Incoming.Count > 0 || handler.Outgoing.Count > 0)
                {
                    Error(node.Id, BpmnProblemCodes.InvalidCompensation, $"The compensation handler '{node.Id}' must not have sequence flows.");
                }

                continue;
            }

            if (node is not StartEvent && !starts.Any(s => graph.CanReach(s, node)))
            {
                // A warning, not a refusal: it never runs, and Camunda 7 deploys such models (the designer still shows it).
                problems.Add(Locate(BpmnProblem.Warning(node.Id, BpmnProblemCodes.Unreachable, $"'{node.Id}' cannot be reached from a start event: it never runs.")));
            }

            if (!IsEnd(node) && !ends.Any(e => graph.CanReach(node, e)))
            {
                Error(node.Id, BpmnProblemCodes.CannotReachEnd, $"A token at '{node.Id}' can never reach an end.");
            }
        }
    }

    /// <summary>A node where a token may finish: no outgoing flow (gateways and link throws never finish one).</summary>
    private static bool IsEnd(FlowNode node) =>
        node.Outgoing.Count == 0
        && node is not Gateway
        && node is not IntermediateThrowEvent { Definition: LinkEventDefinition }
        && node is not SubProcess { TriggeredByEvent: true };
}
