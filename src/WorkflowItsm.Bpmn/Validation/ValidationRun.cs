using WorkflowItsm.Bpmn.Expressions.Juel;
using WorkflowItsm.Bpmn.Model;

namespace WorkflowItsm.Bpmn.Validation;

/// <summary>One validation: walks every executable process and sub-process graph and collects problems.</summary>
internal sealed partial class ValidationRun(BpmnDefinitions definitions, BpmnValidatorOptions options, List<BpmnProblem> problems)
{
    private readonly Dictionary<string, SourcePosition> _positions = IndexPositions(definitions);
    private ProcessDefinition _process = null!;

    public void Run()
    {
        ValidateCollaboration();
        ValidateSignalDeclarations();
        var executable = definitions.Processes.Where(p => p.IsExecutable).ToArray();
        if (executable.Length == 0)
        {
            Error(definitions.Id, BpmnProblemCodes.NoExecutableProcess, "The document has no process with isExecutable=\"true\".");
        }

        foreach (var process in executable)
        {
            _process = process;
            ReportUnsupported(process);
            if (process.Graph.StartEvents.Count == 0)
            {
                Error(process.Id, BpmnProblemCodes.NoStartEvent, $"The process '{process.Id}' has no start event.");
            }

            ValidateProcessStartEvents(process);
            ValidateSubscriptionNames(process);
            ValidateEscalationCatchers(process);

            ValidateGraph(process.Graph, GraphKind.Process);
        }
    }

    private enum GraphKind
    {
        Process,
        SubProcess,
        EventSubProcess,
    }

    private void ValidateCollaboration()
    {
        if (definitions.Collaboration is not { } collaboration)
        {
            return;
        }

        foreach (var participant in collaboration.Participants)
        {
            if (participant.ProcessRef is { } processRef && definitions.FindProcess(processRef) is null)
            {
                Error(participant.Id, BpmnProblemCodes.DanglingReference, $"The pool '{participant.Id}' names process '{processRef}', which does not exist.");
            }
        }
    }

    private void ValidateGraph(FlowGraph graph, GraphKind kind)
    {
        foreach (var flow in graph.Flows)
        {
            ValidateFlow(flow, graph);
        }

        foreach (var node in graph.Nodes)
        {
            ReportUnsupported(node);
            ValidateNode(node, kind);
        }

        ValidateReachability(graph, kind);
    }

    private void ValidateNode(FlowNode node, GraphKind kind)
    {
        switch (node)
        {
            case UnsupportedNode unsupported:
                Error(node.Id, BpmnProblemCodes.UnsupportedElement, $"The element {unsupported.BpmnElementName} '{node.Id}' is not executed by this engine.");
                return;
            case EventNode eventNode:
                ValidateEvent(eventNode, kind);
                break;
            case Gateway gateway:
                ValidateGateway(gateway);
                break;
        }

        if (node is Activity activity)
        {
            ValidateActivity(activity);
        }

        ValidateOutgoingConditions(node);
    }

    private void ValidateFlow(SequenceFlow flow, FlowGraph graph)
    {
        ReportUnsupported(flow);
        foreach (var (reference, name) in new[] { (flow.SourceRef, "sourceRef"), (flow.TargetRef, "targetRef") })
        {
            if (reference is null)
            {
                Error(flow.Id, BpmnProblemCodes.MissingAttribute, $"The sequence flow '{flow.Id}' has no {name}.");
            }
            else if (graph.FindNode(reference) is null)
            {
                if (_process.FindNode(reference) is not null)
                {
                    Error(flow.Id, BpmnProblemCodes.FlowCrossesScope, $"The sequence flow '{flow.Id}' crosses a sub-process boundary to '{reference}'.");
                }
                else
                {
                    Error(flow.Id, BpmnProblemCodes.DanglingReference, $"The {name} '{reference}' of sequence flow '{flow.Id}' does not exist.");
                }
            }
        }

        if (flow.Condition is { } condition)
        {
            if (flow.ConditionLanguage is { } language && !IsExecuted(language))
            {
                Error(flow.Id, BpmnProblemCodes.UnsupportedScriptFormat, $"The condition of '{flow.Id}' is in '{language}'; only JavaScript and JUEL are executed.");
            }
            else
            {
                CheckExpression(flow.Id, condition.Raw, ExpressionLanguages.Named(flow.ConditionLanguage) ?? definitions.ExpressionLanguage);
            }
        }
    }

    private void ValidateOutgoingConditions(FlowNode node)
    {
        var defaultFlowRef = node switch
        {
            Gateway g => g.DefaultFlowRef,
            Activity a => a.DefaultFlowRef,
            _ => null,
        };
        var defaultFlow = node switch
        {
            Gateway g => g.DefaultFlow,
            Activity a => a.DefaultFlow,
            _ => null,
        };
        if (defaultFlowRef is not null && defaultFlow is null)
        {
            Error(node.Id, BpmnProblemCodes.InvalidDefaultFlow, $"The default flow '{defaultFlowRef}' of '{node.Id}' is not one of its outgoing flows.");
        }

        if (defaultFlow?.Condition is not null)
        {
            Error(defaultFlow.Id, BpmnProblemCodes.InvalidDefaultFlow, $"The default flow '{defaultFlow.Id}' must not have a condition.");
        }

        // Activities choose among conditional flows like an inclusive gateway does.
        var isChoice = node is Gateway { Kind: GatewayKind.Exclusive or GatewayKind.Inclusive } or Activity;
        if (isChoice && defaultFlow is null && node.Outgoing.Count > 0 && node.Outgoing.All(f => f.Condition is not null))
        {
            problems.Add(Locate(BpmnProblem.Warning(node.Id, BpmnProblemCodes.AllConditionsMayBeFalse,
                $"Every outgoing flow of '{node.Id}' has a condition and there is no default flow: when all are false the token is stuck.")));
        }
    }

    private void ValidateGateway(Gateway gateway)
    {
        if (gateway.Outgoing.Count == 0)
        {
            Error(gateway.Id, BpmnProblemCodes.MissingOutgoingFlow, $"The gateway '{gateway.Id}' has no outgoing flow.");
        }

        if (gateway.Kind == GatewayKind.Parallel)
        {
            foreach (var flow in gateway.Outgoing.Where(f => f.Condition is not null))
            {
                Error(flow.Id, BpmnProblemCodes.ConditionOnParallelFlow, $"The flow '{flow.Id}' leaves parallel gateway '{gateway.Id}' and has a condition, which would be ignored.");
            }
        }

        if (gateway.Kind == GatewayKind.EventBased)
        {
            foreach (var flow in gateway.Outgoing)
            {
                var isCatcher = flow.Target is ReceiveTask
                    || flow.Target is IntermediateCatchEvent { Definition: TimerEventDefinition or MessageEventDefinition or SignalEventDefinition or ConditionalEventDefinition };
                if (!isCatcher || flow.Target.Incoming.Count != 1)
                {
                    Error(flow.Target.Id, BpmnProblemCodes.InvalidEventGatewayTarget,
                        $"'{flow.Target.Id}' follows event-based gateway '{gateway.Id}': it must be a timer, message, signal or conditional catch event or a receive task with no other incoming flow.");
                }

                if (flow.Condition is not null)
                {
                    Error(flow.Id, BpmnProblemCodes.InvalidEventGatewayTarget, $"The flow '{flow.Id}' leaves event-based gateway '{gateway.Id}' and must not have a condition.");
                }
            }
        }
    }

    private void ReportUnsupported(BaseElement element)
    {
        foreach (var feature in element.UnsupportedFeatures)
        {
            Error(element.Id, BpmnProblemCodes.UnsupportedAttribute, $"'{element.Id}' uses {feature}, which this engine does not execute.");
        }

        foreach (var listener in element.ExecutionListeners)
        {
            ValidateListener(element, listener);
        }
    }

    /// <summary>Expression and JavaScript listeners on flow nodes (start, end) and flows (take) are executed; nothing else.</summary>
    private void ValidateListener(BaseElement element, Listener listener)
    {
        var events = element switch
        {
            SequenceFlow => ["take"],
            FlowNode or ProcessDefinition => new[] { "start", "end" },
            _ => [],
        };
        if (!events.Contains(listener.Event))
        {
            Error(element.Id, BpmnProblemCodes.UnsupportedAttribute, $"'{element.Id}' has an execution listener on '{listener.Event}', which this engine does not execute.");
            return;
        }

        ValidateListenerImplementation(element.Id, listener);
    }

    private void ValidateListenerImplementation(string elementId, Listener listener)
    {
        switch (listener.Kind)
        {
            case ListenerImplementationKind.Expression:
                CheckText(elementId, new ExpressionText(listener.Implementation));
                break;
            case ListenerImplementationKind.Script when IsExecuted(listener.ScriptFormat):
                CheckScript(elementId, listener.Implementation, listener.ScriptFormat);
                break;
            case ListenerImplementationKind.Script:
                Error(elementId, BpmnProblemCodes.UnsupportedScriptFormat, $"A listener of '{elementId}' is in '{listener.ScriptFormat}'; only JavaScript and JUEL are executed.");
                break;
            default:
                // A Java listener calls the .NET handler registered under its class or bean name, as a Java delegate does.
                if (string.IsNullOrWhiteSpace(listener.HandlerName))
                {
                    Error(elementId, BpmnProblemCodes.NoImplementation, $"A {listener.Kind} listener of '{elementId}' names no handler.");
                }
                else if (options.KnownHandlers is { } known && !known.Contains(listener.HandlerName))
                {
                    Error(elementId, BpmnProblemCodes.UnknownHandler,
                        $"A listener of '{elementId}' calls handler '{listener.HandlerName}', which is not registered (register a .NET handler under that name).");
                }

                break;
        }
    }

    private void CheckExpression(string elementId, string? source) => CheckExpression(elementId, source, definitions.ExpressionLanguage);

    /// <summary>An expression in JUEL (Camunda models) parses once at deployment; a JavaScript one compiles in the script engine.</summary>
    private void CheckExpression(string elementId, string? source, ExpressionLanguage language)
    {
        if (language == ExpressionLanguage.Juel)
        {
            if (!string.IsNullOrWhiteSpace(source) && JuelExpressions.Check(source) is { } error)
            {
                Error(elementId, BpmnProblemCodes.ScriptDoesNotCompile, $"The expression of '{elementId}' is not valid JUEL: {error}");
            }

            return;
        }

        CheckScript(elementId, source, isExpression: true);
    }

    private void CheckScript(string elementId, string? source, bool isExpression)
    {
        if (options.Scripts is null || string.IsNullOrWhiteSpace(source))
        {
            return;
        }

        if (options.Scripts.Check(source, isExpression) is { } error)
        {
            Error(elementId, BpmnProblemCodes.ScriptDoesNotCompile, $"The {(isExpression ? "expression" : "script")} of '{elementId}' does not compile: {error}");
        }
    }

    private void CheckText(string elementId, ExpressionText? text)
    {
        if (text is null)
        {
            return;
        }

        foreach (var part in text.ExpressionParts())
        {
            CheckExpression(elementId, part);
        }
    }

    /// <summary>
    /// A script format or condition language this engine runs: JavaScript or JUEL under any of their names (the
    /// same reading as the engine's, so what deploys runs). No language means the default, JavaScript.
    /// </summary>
    private static bool IsExecuted(string? language) => language is null || ExpressionLanguages.Named(language) is not null;

    /// <summary>A script checked in its format: a JUEL script is a template of expressions, parsed once here.</summary>
    private void CheckScript(string elementId, string? source, string? scriptFormat)
    {
        if (ExpressionLanguages.Named(scriptFormat) == ExpressionLanguage.Juel)
        {
            foreach (var part in new ExpressionText(source ?? string.Empty).ExpressionParts())
            {
                CheckExpression(elementId, part, ExpressionLanguage.Juel);
            }

            return;
        }

        CheckScript(elementId, source, isExpression: false);
    }

    private void Error(string? elementId, string code, string message) => problems.Add(Locate(BpmnProblem.Error(elementId, code, message)));

    /// <summary>Adds the element's line; a problem about an element written without id names no element (its id was made up).</summary>
    private BpmnProblem Locate(BpmnProblem problem)
    {
        if (problem.ElementId is not { } id)
        {
            return problem;
        }

        var line = _positions.TryGetValue(id, out var position) && position.Line > 0 ? position.Line : (int?)null;
        return definitions.InventedIds.Contains(id)
            ? problem with { ElementId = null, Line = line }
            : problem with { Line = line };
    }

    private static Dictionary<string, SourcePosition> IndexPositions(BpmnDefinitions definitions)
    {
        var positions = new Dictionary<string, SourcePosition>(StringComparer.Ordinal) { [definitions.Id] = definitions.Position };
        foreach (var process in definitions.Processes)
        {
            positions.TryAdd(process.Id, process.Position);
            Add(process.Graph);
        }

        return positions;

        void Add(FlowGraph graph)
        {
            foreach (var node in graph.Nodes)
            {
                positions.TryAdd(node.Id, node.Position);
                if (node is SubProcess subProcess)
                {
                    Add(subProcess.Graph);
                }
            }

            foreach (var flow in graph.Flows)
            {
                positions.TryAdd(flow.Id, flow.Position);
            }
        }
    }
}
