using WorkflowItsm.Bpmn.Model;

namespace WorkflowItsm.Bpmn.Validation;

/// <summary>
/// The rules Camunda 7 applies to start events and event subscriptions; a model it refuses is refused here too,
/// because each of them would leave a message, signal or start ambiguous at run time.
/// </summary>
internal sealed partial class ValidationRun
{
    /// <summary>Signals are broadcast by name: each needs one, and two signals may not share it.</summary>
    private void ValidateSignalDeclarations()
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var signal in definitions.Signals.Values)
        {
            if (string.IsNullOrWhiteSpace(signal.Name))
            {
                Error(signal.Id, BpmnProblemCodes.DuplicateOrEmptyEventName, $"The signal '{signal.Id}' has no name.");
            }
            else if (!seen.TryAdd(signal.Name, signal.Id))
            {
                Error(signal.Id, BpmnProblemCodes.DuplicateOrEmptyEventName,
                    $"The signals '{seen[signal.Name]}' and '{signal.Id}' share the name '{signal.Name}'.");
            }
        }
    }

    /// <summary>A plain start must know where to begin: at most one none or timer start event per process.</summary>
    private void ValidateProcessStartEvents(ProcessDefinition process)
    {
        var plainStarts = process.Graph.StartEvents.Where(s => s.Definition is null or TimerEventDefinition).ToArray();
        foreach (var extra in plainStarts.Skip(1))
        {
            Error(extra.Id, BpmnProblemCodes.SeveralStartEvents,
                $"The process '{process.Id}' has several none or timer start events ({string.Join(", ", plainStarts.Select(s => $"'{s.Id}'"))}); only one is allowed.");
        }
    }

    /// <summary>
    /// Within one scope (the process or sub-process for start events, the activity for boundary events, the
    /// event-based gateway for the events after it) no two catchers may wait for the same message or signal name,
    /// and a message catcher needs a named message: a message would otherwise have no one or several receivers.
    /// </summary>
    private void ValidateSubscriptionNames(ProcessDefinition process)
    {
        var firstCatcher = new Dictionary<(object Scope, string Kind, string Name), string>();
        foreach (var node in process.AllNodes.OrderBy(n => n.Position.Line).ThenBy(n => n.Position.Column))
        {
            var (definition, scope) = SubscriptionOf(node);
            if (scope is null)
            {
                continue;
            }

            switch (definition)
            {
                case MessageDefinitionRef { Message: { } message }:
                    var messageName = message.Name?.Raw;
                    if (string.IsNullOrWhiteSpace(messageName))
                    {
                        Error(node.Id, BpmnProblemCodes.DuplicateOrEmptyEventName, $"'{node.Id}' waits for message '{message.Id}', which has no name.");
                    }
                    else
                    {
                        CheckUnique(firstCatcher, (scope, "message", messageName), node);
                    }

                    break;
                case SignalDefinitionRef { Signal.Name: { Length: > 0 } signalName }:
                    CheckUnique(firstCatcher, (scope, "signal", signalName), node);
                    break;
            }
        }
    }

    private void CheckUnique(Dictionary<(object Scope, string Kind, string Name), string> firstCatcher, (object Scope, string Kind, string Name) key, FlowNode node)
    {
        if (!firstCatcher.TryAdd(key, node.Id))
        {
            Error(node.Id, BpmnProblemCodes.DuplicateOrEmptyEventName,
                $"'{node.Id}' and '{firstCatcher[key]}' both wait for {key.Kind} '{key.Name}' in '{ScopeName(key.Scope)}'; one {key.Kind} name per scope.");
        }

        static string ScopeName(object scope) => scope is IFlowContainer container ? container.Id : ((FlowNode)scope).Id;
    }

    /// <summary>What a catcher subscribes to and the scope its subscription belongs to (null: not a catcher).</summary>
    private static (object? Definition, object? Scope) SubscriptionOf(FlowNode node)
    {
        object? definition = node switch
        {
            ReceiveTask receive => new MessageDefinitionRef(receive.Message),
            StartEvent or BoundaryEvent or IntermediateCatchEvent => ((EventNode)node).Definition switch
            {
                MessageEventDefinition message => new MessageDefinitionRef(message.Message),
                SignalEventDefinition signal => new SignalDefinitionRef(signal.Signal),
                _ => null,
            },
            _ => null,
        };
        if (definition is null)
        {
            return (null, null);
        }

        object? scope = node switch
        {
            StartEvent when node.Container is ProcessDefinition process => process,
            StartEvent when node.Container is SubProcess { TriggeredByEvent: true } eventSubProcess => eventSubProcess.Container,
            StartEvent => null, // a triggered start in an embedded sub-process is refused elsewhere
            BoundaryEvent boundary => boundary.AttachedTo,
            _ => node.Incoming.FirstOrDefault(f => f.Source is Gateway { Kind: GatewayKind.EventBased })?.Source ?? node,
        };
        return (definition, scope);
    }

    /// <summary>
    /// One escalation catcher per code on an activity (boundary events) or in a scope (event sub-process starts);
    /// a catcher without code catches every escalation, so it must be the only one.
    /// </summary>
    private void ValidateEscalationCatchers(ProcessDefinition process)
    {
        foreach (var node in process.AllNodes)
        {
            if (node is Activity { BoundaryEvents.Count: > 1 } activity)
            {
                CheckEscalationCatchers(activity.Id, activity.BoundaryEvents);
            }

            if (node is SubProcess subProcess)
            {
                CheckEscalationCatchers(subProcess.Id, EventSubProcessStarts(subProcess.Graph));
            }
        }

        CheckEscalationCatchers(process.Id, EventSubProcessStarts(process.Graph));

        static IEnumerable<EventNode> EventSubProcessStarts(FlowGraph graph) =>
            graph.EventSubProcesses.SelectMany(s => s.Graph.StartEvents);
    }

    private void CheckEscalationCatchers(string scopeId, IEnumerable<EventNode> catchers)
    {
        var escalationCatchers = catchers.Where(c => c.Definition is EscalationEventDefinition).ToArray();
        if (escalationCatchers.Length < 2)
        {
            return;
        }

        var catchAll = escalationCatchers.FirstOrDefault(c => ((EscalationEventDefinition)c.Definition!).EscalationCode is null);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var catcher in escalationCatchers)
        {
            var code = ((EscalationEventDefinition)catcher.Definition!).EscalationCode;
            if (catchAll is not null && catcher != catchAll)
            {
                Error(catcher.Id, BpmnProblemCodes.DuplicateEscalationCatcher,
                    $"'{catcher.Id}' catches escalations of '{scopeId}', where '{catchAll.Id}' already catches every escalation.");
            }
            else if (code is not null && !seen.TryAdd(code, catcher.Id))
            {
                Error(catcher.Id, BpmnProblemCodes.DuplicateEscalationCatcher,
                    $"'{catcher.Id}' and '{seen[code]}' both catch escalation code '{code}' of '{scopeId}'.");
            }
        }
    }

    private sealed record MessageDefinitionRef(MessageDeclaration? Message);

    private sealed record SignalDefinitionRef(SignalDeclaration? Signal);
}
