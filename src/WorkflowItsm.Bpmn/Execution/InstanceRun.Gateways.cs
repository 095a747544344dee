using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.State;

namespace WorkflowItsm.Bpmn.Execution;

internal sealed partial class InstanceRun
{
    private void EnterGateway(TokenState token, Gateway gateway)
    {
        switch (gateway.Kind)
        {
            case GatewayKind.Exclusive:
                var flow = SelectFirstFlow(token, gateway.Outgoing, gateway.DefaultFlow)
                    ?? throw new InvalidOperationException($"No outgoing flow of gateway '{gateway.Id}' can be taken: every condition is false.");
                LeaveGateway(token, gateway, [flow]);
                break;
            case GatewayKind.Parallel:
                if (gateway.IsJoin && !JoinParallel(token, gateway))
                {
                    return;
                }

                LeaveGateway(token, gateway, gateway.Outgoing);
                break;
            case GatewayKind.Inclusive:
                if (gateway.IsJoin && !JoinInclusive(token, gateway))
                {
                    return;
                }

                var selected = SelectAllFlows(token, gateway.Outgoing, gateway.DefaultFlow);
                if (selected.Count == 0 && gateway.Outgoing.Count > 0)
                {
                    throw new InvalidOperationException($"No outgoing flow of gateway '{gateway.Id}' can be taken: every condition is false.");
                }

                LeaveGateway(token, gateway, selected);
                break;
            case GatewayKind.EventBased:
                token.Phase = TokenPhase.Waiting;
                var view = View(token);
                foreach (var outgoing in gateway.Outgoing)
                {
                    if (outgoing.Target is ReceiveTask receiveTask)
                    {
                        OpenMessageSubscription(receiveTask.Message, receiveTask, token.ScopeId, token.Id, view);
                    }
                    else if (outgoing.Target is IntermediateCatchEvent catchEvent)
                    {
                        OpenSubscription(catchEvent.Definition, catchEvent, token.ScopeId, token.Id, view);
                    }
                }

                break;
        }
    }

    private void LeaveGateway(TokenState token, Gateway gateway, IReadOnlyList<SequenceFlow> flows)
    {
        RunExecutionListeners(token, gateway, ListenerEnd);
        JournalToken(JournalEntryKind.ElementCompleted, token, gateway.Id);
        if (flows.Count == 0)
        {
            EndToken(token);
            return;
        }

        if (gateway.AsyncAfter)
        {
            // Camunda 7 waits after a gateway once per flow it takes: each flow goes on in its own continuation.
            for (var i = 0; i < flows.Count; i++)
            {
                var leaving = i == 0 ? token : NewToken(token.ScopeId, token.ElementId, TokenPhase.AsyncAfter);
                leaving.LeavingVia = flows[i].Id;
                ParkForContinuation(leaving, TokenPhase.AsyncAfter);
            }

            return;
        }

        Fork(token, flows);
    }

    /// <summary>A continuation after a gateway is due: the token takes the flow the gateway chose for it.</summary>
    private void ContinueAfterGateway(TokenState token, Gateway gateway)
    {
        var flow = gateway.Outgoing.FirstOrDefault(f => f.Id == token.LeavingVia)
            ?? throw new InvalidOperationException($"Gateway '{gateway.Id}' has no outgoing flow '{token.LeavingVia}' to continue on.");
        token.LeavingVia = null;
        Move(token, flow);
    }

    /// <summary>Parallel join: fires once a token waits on every incoming flow; those tokens merge into this one.</summary>
    private bool JoinParallel(TokenState token, Gateway gateway)
    {
        token.Phase = TokenPhase.AtJoin;
        var merged = new TokenState?[gateway.Incoming.Count];
        for (var i = 0; i < merged.Length; i++)
        {
            var flowId = gateway.Incoming[i].Id;
            merged[i] = token.ArrivedVia == flowId ? token : FindWaitingAtJoin(gateway, token.ScopeId, flowId);
            if (merged[i] is null)
            {
                return false;
            }
        }

        foreach (var other in merged)
        {
            if (other != token)
            {
                RemoveToken(other!);
            }
        }

        return true;
    }

    private TokenState? FindWaitingAtJoin(Gateway gateway, string scopeId, string flowId)
    {
        foreach (var candidate in _state.Tokens)
        {
            if (candidate.Phase == TokenPhase.AtJoin && candidate.ElementId == gateway.Id
                && candidate.ScopeId == scopeId && candidate.ArrivedVia == flowId)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Inclusive join: fires when no other token of the scope can still reach the gateway (answered from the
    /// definition's reachability table); then every token waiting there merges into this one.
    /// </summary>
    private bool JoinInclusive(TokenState token, Gateway gateway)
    {
        token.Phase = TokenPhase.AtJoin;
        if (!InclusiveJoinCanFire(gateway, token.ScopeId))
        {
            return false;
        }

        for (var i = _state.Tokens.Count - 1; i >= 0; i--)
        {
            var other = _state.Tokens[i];
            if (other != token && other.Phase == TokenPhase.AtJoin && other.ElementId == gateway.Id && other.ScopeId == token.ScopeId)
            {
                RemoveToken(other);
            }
        }

        return true;
    }

    private bool InclusiveJoinCanFire(Gateway gateway, string scopeId)
    {
        var graph = gateway.Container.Graph;
        foreach (var other in _state.Tokens)
        {
            if (other.ScopeId != scopeId || (other.ElementId == gateway.Id && other.Phase == TokenPhase.AtJoin))
            {
                continue;
            }

            var node = graph.FindNode(other.ElementId);
            if (node is not null && (node == gateway || graph.CanReach(node, gateway)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// When the agenda is empty, a token that went elsewhere may have unblocked an inclusive join: queue one
    /// waiting token per join that can fire now. True when something was queued.
    /// </summary>
    private bool RecheckInclusiveJoins()
    {
        var queued = false;
        foreach (var token in _state.Tokens)
        {
            if (token.Phase == TokenPhase.AtJoin && _process.FindNode(token.ElementId) is Gateway { Kind: GatewayKind.Inclusive } gateway
                && InclusiveJoinCanFire(gateway, token.ScopeId))
            {
                _agenda.Enqueue(token);
                queued = true;
            }
        }

        return queued;
    }

    /// <summary>Exclusive choice: the first flow (in model order) whose condition holds, else the default.</summary>
    private SequenceFlow? SelectFirstFlow(TokenState token, IReadOnlyList<SequenceFlow> outgoing, SequenceFlow? defaultFlow)
    {
        VariableView? view = null;
        foreach (var flow in outgoing)
        {
            if (flow == defaultFlow)
            {
                continue;
            }

            if (flow.Condition is null || Expressions.EvaluateCondition(flow.Condition, view ??= View(token), flow.ConditionLanguage))
            {
                return flow;
            }
        }

        return defaultFlow;
    }

    /// <summary>Inclusive choice: every flow whose condition holds (or has none), else the default alone.</summary>
    private List<SequenceFlow> SelectAllFlows(TokenState token, IReadOnlyList<SequenceFlow> outgoing, SequenceFlow? defaultFlow)
    {
        VariableView? view = null;
        var selected = new List<SequenceFlow>(outgoing.Count);
        foreach (var flow in outgoing)
        {
            if (flow != defaultFlow && (flow.Condition is null || Expressions.EvaluateCondition(flow.Condition, view ??= View(token), flow.ConditionLanguage)))
            {
                selected.Add(flow);
            }
        }

        if (selected.Count == 0 && defaultFlow is not null)
        {
            selected.Add(defaultFlow);
        }

        return selected;
    }
}
