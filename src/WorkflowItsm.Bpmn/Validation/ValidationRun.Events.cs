using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.Timers;

namespace WorkflowItsm.Bpmn.Validation;

internal sealed partial class ValidationRun
{
    private void ValidateEvent(EventNode node, GraphKind kind)
    {
        if (node.DefinitionCount > 1)
        {
            Error(node.Id, BpmnProblemCodes.UnsupportedElement, $"'{node.Id}' has several event definitions (a multiple event), which this engine does not execute.");
        }

        if (node.Definition is UnsupportedEventDefinition unsupported)
        {
            Error(node.Id, BpmnProblemCodes.UnsupportedElement, $"'{node.Id}' uses {unsupported.ElementName}, which this engine does not execute.");
            return;
        }

        if (!IsAllowed(node, kind))
        {
            var trigger = node.Definition is null ? "no trigger" : node.Definition.GetType().Name.Replace("EventDefinition", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
            Error(node.Id, BpmnProblemCodes.InvalidEventDefinition, $"A {node.ElementName} here cannot have {trigger}.");
        }

        ValidateDefinitionReferences(node);
        if (node is StartEvent start)
        {
            ValidateFormReference(start, start.FormRef, start.FormKey);
        }

        switch (node)
        {
            case BoundaryEvent boundary:
                ValidateBoundary(boundary);
                break;
            case IntermediateThrowEvent { Definition: LinkEventDefinition link } when node.Container.Graph.FindLinkCatch(link.LinkName ?? string.Empty) is null:
                Error(node.Id, BpmnProblemCodes.LinkWithoutCatch, $"No link catch event named '{link.LinkName}' is in the same scope as '{node.Id}'.");
                break;
            case IntermediateCatchEvent { Definition: LinkEventDefinition { LinkName: null or "" } }:
                Error(node.Id, BpmnProblemCodes.MissingAttribute, $"The link catch event '{node.Id}' has no name.");
                break;
            case StartEvent { Definition: ErrorEventDefinition, IsInterrupting: false }:
                Error(node.Id, BpmnProblemCodes.InvalidEventDefinition, $"The error start event '{node.Id}' must be interrupting.");
                break;
            case EndEvent { Definition: CancelEventDefinition }:
                ValidateCancelEnd(node);
                break;
        }
    }

    /// <summary>A cancel end event stands in a transaction sub-process itself, which has a cancel boundary event to leave through.</summary>
    private void ValidateCancelEnd(EventNode node)
    {
        if (node.Container is not SubProcess { IsTransaction: true } transaction)
        {
            Error(node.Id, BpmnProblemCodes.InvalidEventDefinition, $"The cancel end event '{node.Id}' must stand in a transaction sub-process itself.");
        }
        else if (transaction.CancelBoundary is null)
        {
            Error(node.Id, BpmnProblemCodes.InvalidEventDefinition,
                $"The cancel end event '{node.Id}' cancels the transaction '{transaction.Id}', which has no cancel boundary event to go on from.");
        }
    }

    /// <summary>Which triggers each kind of event may have where it stands (the set this engine executes).</summary>
    private static bool IsAllowed(EventNode node, GraphKind kind) => (node, node.Definition) switch
    {
        (StartEvent, null) => kind != GraphKind.EventSubProcess,
        (StartEvent, TimerEventDefinition or MessageEventDefinition or SignalEventDefinition) => kind != GraphKind.SubProcess,
        (StartEvent, ErrorEventDefinition or EscalationEventDefinition or CompensateEventDefinition) => kind == GraphKind.EventSubProcess,
        // At process level a conditional start event starts the process when its condition holds for the variables
        // given to POST /api/conditions (Camunda's evaluateStartConditions).
        (StartEvent, ConditionalEventDefinition) => kind != GraphKind.SubProcess,
        (EndEvent, null or TerminateEventDefinition or ErrorEventDefinition or EscalationEventDefinition
            or MessageEventDefinition or SignalEventDefinition or CompensateEventDefinition or CancelEventDefinition) => true,
        (IntermediateCatchEvent, TimerEventDefinition or MessageEventDefinition or SignalEventDefinition or LinkEventDefinition
            or ConditionalEventDefinition) => true,
        (IntermediateThrowEvent, null or SignalEventDefinition or EscalationEventDefinition or LinkEventDefinition or MessageEventDefinition
            or CompensateEventDefinition) => true,
        (BoundaryEvent, TimerEventDefinition or MessageEventDefinition or SignalEventDefinition
            or ErrorEventDefinition or EscalationEventDefinition or ConditionalEventDefinition or CompensateEventDefinition
            or CancelEventDefinition) => true,
        _ => false,
    };

    private void ValidateDefinitionReferences(EventNode node)
    {
        var isThrow = node is EndEvent or IntermediateThrowEvent;
        switch (node.Definition)
        {
            case MessageEventDefinition message:
                if (message.MessageRef is null && !(isThrow && message.Implementation is not null))
                {
                    Error(node.Id, BpmnProblemCodes.MissingAttribute, $"The message event '{node.Id}' names no message.");
                }
                else if (message.MessageRef is not null && message.Message is null)
                {
                    Dangling(node.Id, "messageRef", message.MessageRef);
                }

                if (message.Implementation is { } implementation)
                {
                    ValidateImplementation(node.Id, implementation);
                }

                if (message.Message?.Name is { } messageName)
                {
                    CheckText(node.Id, messageName);
                }

                break;
            case SignalEventDefinition signal:
                if (signal.SignalRef is null)
                {
                    Error(node.Id, BpmnProblemCodes.MissingAttribute, $"The signal event '{node.Id}' names no signal.");
                }
                else if (signal.Signal is null)
                {
                    Dangling(node.Id, "signalRef", signal.SignalRef);
                }

                break;
            case ErrorEventDefinition error:
                if (error.ErrorRef is not null && error.Error is null)
                {
                    Dangling(node.Id, "errorRef", error.ErrorRef);
                }
                else if (isThrow && error.ErrorCode is null)
                {
                    Error(node.Id, BpmnProblemCodes.MissingAttribute, $"The error end event '{node.Id}' throws no error code.");
                }

                break;
            case EscalationEventDefinition escalation:
                if (escalation.EscalationRef is not null && escalation.Escalation is null)
                {
                    Dangling(node.Id, "escalationRef", escalation.EscalationRef);
                }
                else if (isThrow && escalation.EscalationCode is null)
                {
                    Error(node.Id, BpmnProblemCodes.MissingAttribute, $"The escalation event '{node.Id}' throws no escalation code.");
                }

                break;
            case TimerEventDefinition timer:
                ValidateTimer(node.Id, timer);
                break;
            case ConditionalEventDefinition conditional:
                ValidateCondition(node, conditional);
                break;
            case CompensateEventDefinition compensate:
                ValidateCompensation(node, compensate);
                break;
        }
    }

    private void ValidateCompensation(EventNode node, CompensateEventDefinition compensate)
    {
        if (node is BoundaryEvent boundary)
        {
            if (boundary.CompensationHandler is null)
            {
                Error(node.Id, BpmnProblemCodes.InvalidCompensation,
                    $"The compensation boundary event '{node.Id}' has no handler: join it by an association to an activity with isForCompensation=\"true\".");
            }

            if (boundary.Outgoing.Count > 0)
            {
                Error(node.Id, BpmnProblemCodes.InvalidCompensation, $"The compensation boundary event '{node.Id}' must not have outgoing sequence flows.");
            }
        }
        else if (compensate.ActivityRef is { } activityRef && node.Container.Graph.FindNode(activityRef) is not Activity)
        {
            var scope = node.Container is SubProcess { TriggeredByEvent: true } eventSubProcess ? eventSubProcess.Container : node.Container;
            if (scope.Graph.FindNode(activityRef) is not Activity)
            {
                Error(node.Id, BpmnProblemCodes.InvalidCompensation, $"The activityRef '{activityRef}' of '{node.Id}' is not an activity of its scope.");
            }
        }
    }

    private void ValidateCondition(EventNode node, ConditionalEventDefinition conditional)
    {
        if (conditional.Condition is null)
        {
            Error(node.Id, BpmnProblemCodes.MissingAttribute, $"The conditional event '{node.Id}' has no condition.");
        }
        else if (conditional.ConditionLanguage is { } language && !IsExecuted(language))
        {
            Error(node.Id, BpmnProblemCodes.UnsupportedScriptFormat, $"The condition of '{node.Id}' is in '{language}'; only JavaScript and JUEL are executed.");
        }
        else
        {
            CheckExpression(node.Id, conditional.Condition.Raw, ExpressionLanguages.Named(conditional.ConditionLanguage) ?? definitions.ExpressionLanguage);
        }

        foreach (var kind in conditional.VariableEvents)
        {
            if (kind is not ("create" or "update" or "delete"))
            {
                Error(node.Id, BpmnProblemCodes.UnsupportedAttribute,
                    $"The conditional event '{node.Id}' reacts to variable event '{kind}'; Camunda's are create, update and delete.");
            }
        }
    }

    private void ValidateTimer(string elementId, TimerEventDefinition timer)
    {
        if (timer.Kind is not { } kind || timer.Value is null)
        {
            Error(elementId, BpmnProblemCodes.InvalidTimer, $"The timer of '{elementId}' has no date, duration or cycle.");
            return;
        }

        if (!timer.Value.IsLiteral)
        {
            CheckText(elementId, timer.Value);
            return;
        }

        if (!TimerSchedule.TryParse(kind, timer.Value.Raw.Trim(), out _, out var error))
        {
            Error(elementId, BpmnProblemCodes.InvalidTimer, $"The timer of '{elementId}' is invalid: {error}");
        }
    }

    private void ValidateBoundary(BoundaryEvent boundary)
    {
        if (boundary.AttachedToRef is null)
        {
            Error(boundary.Id, BpmnProblemCodes.MissingAttribute, $"The boundary event '{boundary.Id}' has no attachedToRef.");
        }
        else if (boundary.AttachedTo is null)
        {
            if (boundary.Container.Graph.FindNode(boundary.AttachedToRef) is { } host)
            {
                Error(boundary.Id, BpmnProblemCodes.InvalidBoundaryEvent, $"The boundary event '{boundary.Id}' is attached to '{host.Id}', which is not an activity.");
            }
            else
            {
                Dangling(boundary.Id, "attachedToRef", boundary.AttachedToRef);
            }
        }

        if (boundary.Definition is ErrorEventDefinition && !boundary.CancelActivity)
        {
            Error(boundary.Id, BpmnProblemCodes.InvalidBoundaryEvent, $"The error boundary event '{boundary.Id}' must be interrupting.");
        }

        if (boundary.Definition is CancelEventDefinition)
        {
            if (boundary.AttachedTo is not null and not SubProcess { IsTransaction: true })
            {
                Error(boundary.Id, BpmnProblemCodes.InvalidBoundaryEvent, $"The cancel boundary event '{boundary.Id}' must be attached to a transaction sub-process.");
            }
            else if (!boundary.CancelActivity)
            {
                Error(boundary.Id, BpmnProblemCodes.InvalidBoundaryEvent, $"The cancel boundary event '{boundary.Id}' must be interrupting.");
            }
            else if (boundary.AttachedTo is SubProcess transaction && transaction.CancelBoundary != boundary)
            {
                Error(boundary.Id, BpmnProblemCodes.InvalidBoundaryEvent, $"The transaction '{transaction.Id}' has more than one cancel boundary event.");
            }
            else if (boundary.AttachedTo is { MultiInstance: not null } multiInstance)
            {
                Error(boundary.Id, BpmnProblemCodes.InvalidBoundaryEvent,
                    $"The transaction '{multiInstance.Id}' is multi-instance, which is not executed with a cancel boundary event.");
            }
        }

        if (boundary.Incoming.Count > 0)
        {
            Error(boundary.Id, BpmnProblemCodes.InvalidBoundaryEvent, $"The boundary event '{boundary.Id}' must not have incoming flows.");
        }
    }

    private void Dangling(string elementId, string attribute, string reference) =>
        Error(elementId, BpmnProblemCodes.DanglingReference, $"The {attribute} '{reference}' of '{elementId}' does not exist.");
}
