using WorkflowItsm.Bpmn.Model;

namespace WorkflowItsm.Bpmn.Validation;

internal sealed partial class ValidationRun
{
    private void ValidateActivity(Activity activity)
    {
        switch (activity)
        {
            case ServiceTask task:
                ValidateServiceTask(task);
                break;
            case ScriptTask script:
                ValidateScriptTask(script);
                break;
            case UserTask user:
                ValidateUserTask(user);
                break;
            case ReceiveTask receive:
                // Without a message it is a plain wait state, triggered by hand; behind an event-based gateway it must race on a message.
                if (receive.MessageRef is null && receive.Incoming.Any(f => f.Source is Gateway { Kind: GatewayKind.EventBased }))
                {
                    Error(receive.Id, BpmnProblemCodes.MissingAttribute, $"The receive task '{receive.Id}' follows an event-based gateway but names no message.");
                }
                else if (receive.MessageRef is not null && receive.Message is null)
                {
                    Dangling(receive.Id, "messageRef", receive.MessageRef);
                }

                break;
            case CallActivity call:
                ValidateCallActivity(call);
                break;
            case SubProcess subProcess:
                ValidateSubProcess(subProcess);
                break;
        }

        if (activity.MultiInstance is { } loop)
        {
            if (loop.Collection is null && loop.LoopCardinality is null)
            {
                Error(activity.Id, BpmnProblemCodes.InvalidMultiInstance, $"The multi-instance activity '{activity.Id}' has neither loopCardinality nor camunda:collection.");
            }

            if (loop.ElementVariable is not null && loop.Collection is null)
            {
                Error(activity.Id, BpmnProblemCodes.InvalidMultiInstance, $"The multi-instance activity '{activity.Id}' has an elementVariable but no collection.");
            }

            CheckText(activity.Id, loop.LoopCardinality);
            CheckText(activity.Id, loop.Collection);
            if (loop.CompletionCondition is { } condition)
            {
                CheckExpression(activity.Id, condition.Raw);
            }
        }

        if (activity.InputOutput is { } mapping)
        {
            foreach (var parameter in mapping.Inputs.Concat(mapping.Outputs))
            {
                ValidateIoValue(activity.Id, parameter.Value);
            }
        }
    }

    private void ValidateServiceTask(ServiceTask task)
    {
        if (task.Decision is { } decision)
        {
            ValidateDecisionReference(task.Id, decision);
        }
        else if (task.Implementation is { } implementation)
        {
            ValidateImplementation(task.Id, implementation);
        }
        else if (task.Kind == ServiceTaskKind.Send)
        {
            if (task.MessageRef is null)
            {
                Error(task.Id, BpmnProblemCodes.NoImplementation, $"The send task '{task.Id}' has neither an implementation nor a message.");
            }
            else if (task.Message is null)
            {
                Dangling(task.Id, "messageRef", task.MessageRef);
            }
        }
        else
        {
            Error(task.Id, BpmnProblemCodes.NoImplementation,
                $"The {task.ElementName} '{task.Id}' has no implementation (camunda:delegateExpression, class, expression or type=\"external\").");
        }
    }

    private void ValidateDecisionReference(string elementId, DecisionReference decision)
    {
        if (string.IsNullOrWhiteSpace(decision.DecisionRef.Raw))
        {
            Error(elementId, BpmnProblemCodes.InvalidDecisionRef, $"The business rule task '{elementId}' has an empty camunda:decisionRef.");
        }
        else
        {
            CheckText(elementId, decision.DecisionRef);
        }

        if (decision.Binding == DecisionRefBinding.Version && string.IsNullOrWhiteSpace(decision.Version?.Raw))
        {
            Error(elementId, BpmnProblemCodes.InvalidDecisionRef, $"The business rule task '{elementId}' binds a version but gives no camunda:decisionRefVersion.");
        }

        if (decision.Binding == DecisionRefBinding.VersionTag && string.IsNullOrWhiteSpace(decision.VersionTag))
        {
            Error(elementId, BpmnProblemCodes.InvalidDecisionRef, $"The business rule task '{elementId}' binds a version tag but gives no camunda:decisionRefVersionTag.");
        }
    }

    /// <summary>camunda:formRef as Camunda 7 checks it at deployment: one of formKey and formRef, and a version for a version binding.</summary>
    private void ValidateFormReference(FlowNode node, CamundaFormReference? reference, string? formKey)
    {
        if (reference is null)
        {
            return;
        }

        if (formKey is not null)
        {
            Error(node.Id, BpmnProblemCodes.InvalidFormRef, $"'{node.Id}' has both camunda:formKey and camunda:formRef: give only one of them.");
        }

        if (string.IsNullOrWhiteSpace(reference.FormRef.Raw))
        {
            Error(node.Id, BpmnProblemCodes.InvalidFormRef, $"'{node.Id}' has an empty camunda:formRef.");
        }

        if (reference.Binding == FormRefBinding.Version && string.IsNullOrWhiteSpace(reference.Version?.Raw))
        {
            Error(node.Id, BpmnProblemCodes.InvalidFormRef, $"'{node.Id}' binds a form version but gives no camunda:formRefVersion.");
        }

        if (node is StartEvent && (!reference.FormRef.IsLiteral || reference.Version is { IsLiteral: false }))
        {
            Error(node.Id, BpmnProblemCodes.InvalidFormRef, $"The start event '{node.Id}' names its form by an expression; before the process starts there are no variables to evaluate it on: name the form.");
        }
        else if (node is StartEvent && reference.Version is { } version && !int.TryParse(version.Raw, out _))
        {
            Error(node.Id, BpmnProblemCodes.InvalidFormRef, $"The start event '{node.Id}' has camunda:formRefVersion '{version.Raw}', which is no whole number.");
        }

        CheckText(node.Id, reference.FormRef);
        CheckText(node.Id, reference.Version);
    }

    private void ValidateImplementation(string elementId, ServiceImplementation implementation)
    {
        switch (implementation.Kind)
        {
            case ImplementationKind.External when string.IsNullOrWhiteSpace(implementation.Value):
                Error(elementId, BpmnProblemCodes.NoImplementation, $"The external task '{elementId}' has no camunda:topic.");
                break;
            case ImplementationKind.Expression:
                CheckText(elementId, new ExpressionText(implementation.Value));
                break;
            case ImplementationKind.Class or ImplementationKind.DelegateExpression:
                foreach (var field in implementation.Fields)
                {
                    if (string.IsNullOrWhiteSpace(field.Name))
                    {
                        Error(elementId, BpmnProblemCodes.MissingAttribute, $"A camunda:field of '{elementId}' has no name.");
                    }
                    else if (field.IsExpression)
                    {
                        CheckText(elementId, new ExpressionText(field.Text));
                    }
                }

                if (string.IsNullOrWhiteSpace(implementation.HandlerName))
                {
                    Error(elementId, BpmnProblemCodes.NoImplementation, $"'{elementId}' names an empty handler.");
                }
                else if (options.KnownHandlers is { } known && !known.Contains(implementation.HandlerName))
                {
                    Error(elementId, BpmnProblemCodes.UnknownHandler, $"'{elementId}' calls handler '{implementation.HandlerName}', which is not registered.");
                }

                break;
        }
    }

    private void ValidateScriptTask(ScriptTask script)
    {
        if (script.ScriptFormat is null || !IsExecuted(script.ScriptFormat))
        {
            Error(script.Id, BpmnProblemCodes.UnsupportedScriptFormat, $"The script task '{script.Id}' is in '{script.ScriptFormat}'; only JavaScript and JUEL are executed.");
            return;
        }

        if (string.IsNullOrWhiteSpace(script.Script))
        {
            Error(script.Id, BpmnProblemCodes.NoImplementation, $"The script task '{script.Id}' has no script.");
            return;
        }

        CheckScript(script.Id, script.Script, script.ScriptFormat);
    }

    private void ValidateUserTask(UserTask user)
    {
        ValidateFormReference(user, user.FormRef, user.FormKey);
        foreach (var text in new[] { user.Assignee, user.CandidateUsers, user.CandidateGroups, user.DueDate, user.FollowUpDate, user.Priority })
        {
            CheckText(user.Id, text);
        }

        foreach (var listener in user.TaskListeners)
        {
            if (listener.Event == "timeout")
            {
                if (listener.Timer is null)
                {
                    Error(user.Id, BpmnProblemCodes.InvalidTimer, $"The timeout task listener of '{user.Id}' has no timerEventDefinition.");
                }
                else
                {
                    ValidateTimer(user.Id, listener.Timer);
                }
            }

            if (listener.Event is not ("create" or "assignment" or "complete" or "delete" or "timeout"))
            {
                Error(user.Id, BpmnProblemCodes.UnsupportedAttribute, $"The user task '{user.Id}' has a task listener on '{listener.Event}', which this engine does not execute.");
            }
            else
            {
                ValidateListenerImplementation(user.Id, listener);
            }
        }
    }

    private void ValidateCallActivity(CallActivity call)
    {
        if (call.CalledElement is null)
        {
            Error(call.Id, BpmnProblemCodes.InvalidCallActivity, $"The call activity '{call.Id}' has no calledElement.");
        }

        if (call.Binding == CalledElementBinding.Version && string.IsNullOrWhiteSpace(call.CalledElementVersion?.Raw))
        {
            Error(call.Id, BpmnProblemCodes.InvalidCallActivity, $"The call activity '{call.Id}' binds a version but gives no camunda:calledElementVersion.");
        }

        if (call.Binding == CalledElementBinding.VersionTag && string.IsNullOrWhiteSpace(call.CalledElementVersionTag?.Raw))
        {
            Error(call.Id, BpmnProblemCodes.InvalidCallActivity, $"The call activity '{call.Id}' binds a version tag but gives no camunda:calledElementVersionTag.");
        }

        CheckText(call.Id, call.CalledElementVersion);
        CheckText(call.Id, call.CalledElementVersionTag);

        foreach (var mapping in call.InMappings.Concat(call.OutMappings))
        {
            CheckText(call.Id, mapping.SourceExpression);
            CheckText(call.Id, mapping.BusinessKey);
        }
    }

    private void ValidateSubProcess(SubProcess subProcess)
    {
        if (subProcess.TriggeredByEvent)
        {
            var triggered = subProcess.Graph.StartEvents.Count(s => s.Definition is not null);
            if (subProcess.Graph.StartEvents.Count != 1 || triggered != 1)
            {
                Error(subProcess.Id, BpmnProblemCodes.InvalidEventSubProcess, $"The event sub-process '{subProcess.Id}' needs exactly one start event with a trigger.");
            }

            if (subProcess.Incoming.Count > 0 || subProcess.Outgoing.Count > 0 || subProcess.BoundaryEvents.Count > 0)
            {
                Error(subProcess.Id, BpmnProblemCodes.InvalidEventSubProcess, $"The event sub-process '{subProcess.Id}' must not have sequence flows or boundary events.");
            }

            if (subProcess.MultiInstance is not null)
            {
                Error(subProcess.Id, BpmnProblemCodes.UnsupportedAttribute, $"The event sub-process '{subProcess.Id}' is multi-instance, which is not executed.");
            }

            ValidateGraph(subProcess.Graph, GraphKind.EventSubProcess);
            return;
        }

        if (subProcess.Graph.StartEvents.Count != 1 || subProcess.Graph.NoneStartEvent is null)
        {
            Error(subProcess.Id, BpmnProblemCodes.InvalidSubProcessStart, $"The sub-process '{subProcess.Id}' needs exactly one start event without trigger.");
        }

        ValidateGraph(subProcess.Graph, GraphKind.SubProcess);
    }

    private void ValidateIoValue(string elementId, IoValue value)
    {
        switch (value)
        {
            case IoTextValue text:
                CheckText(elementId, text.Text);
                break;
            case IoListValue list:
                foreach (var item in list.Items)
                {
                    ValidateIoValue(elementId, item);
                }

                break;
            case IoMapValue map:
                foreach (var entry in map.Entries)
                {
                    ValidateIoValue(elementId, entry.Value);
                }

                break;
            case IoScriptValue script:
                if (script.Resource is not null)
                {
                    Error(elementId, BpmnProblemCodes.UnsupportedAttribute, $"'{elementId}' has an input/output script from a resource, which is not executed.");
                }
                else if (!IsExecuted(script.ScriptFormat))
                {
                    Error(elementId, BpmnProblemCodes.UnsupportedScriptFormat, $"An input/output script of '{elementId}' is in '{script.ScriptFormat}'; only JavaScript and JUEL are executed.");
                }
                else
                {
                    CheckScript(elementId, script.Source, script.ScriptFormat);
                }

                break;
        }
    }
}
