using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.Timers;

namespace WorkflowItsm.Bpmn.Parsing;

/// <summary>Reads the event definitions of an event and resolves their references to declarations.</summary>
internal static class EventDefinitionReader
{
    public static (EventDefinition? Definition, int Count) Read(XmlElementNode eventElement, ParseContext context, List<string> unsupported)
    {
        EventDefinition? first = null;
        var count = 0;
        foreach (var child in eventElement.Children)
        {
            if (!child.IsBpmn || !child.LocalName.EndsWith("EventDefinition", StringComparison.Ordinal))
            {
                if (child.IsBpmn && child.LocalName == "eventDefinitionRef")
                {
                    unsupported.Add("eventDefinitionRef");
                }

                continue;
            }

            count++;
            CamundaAttributes.CollectUnsupported(child, unsupported);
            first ??= ReadOne(child, context, unsupported);
        }

        return (first, count);
    }

    private static EventDefinition ReadOne(XmlElementNode element, ParseContext context, List<string> unsupported)
    {
        var id = element.Attribute("id");
        switch (element.LocalName)
        {
            case "messageEventDefinition":
                var messageRef = element.Attribute("messageRef");
                return new MessageEventDefinition(id, messageRef, Lookup(context.Messages, messageRef))
                {
                    Implementation = ServiceImplementationReader.Read(element, unsupported),
                };
            case "timerEventDefinition":
                return ReadTimer(element, id);
            case "signalEventDefinition":
                var signalRef = element.Attribute("signalRef");
                return new SignalEventDefinition(id, signalRef, Lookup(context.Signals, signalRef));
            case "errorEventDefinition":
                var errorRef = element.Attribute("errorRef");
                return new ErrorEventDefinition(id, errorRef, Lookup(context.Errors, errorRef) ?? ErrorCodeOnly(errorRef))
                {
                    ErrorCodeVariable = element.CamundaAttribute("errorCodeVariable"),
                    ErrorMessageVariable = element.CamundaAttribute("errorMessageVariable"),
                };
            case "escalationEventDefinition":
                var escalationRef = element.Attribute("escalationRef");
                return new EscalationEventDefinition(id, escalationRef, Lookup(context.Escalations, escalationRef))
                {
                    EscalationCodeVariable = element.CamundaAttribute("escalationCodeVariable"),
                };
            case "compensateEventDefinition":
                // waitForCompletion="false" is ignored, as Camunda 7 does: a compensation throw always waits for its handlers.
                return new CompensateEventDefinition(id, element.Attribute("activityRef"));
            case "terminateEventDefinition":
                return new TerminateEventDefinition(id);
            case "cancelEventDefinition":
                return new CancelEventDefinition(id);
            case "conditionalEventDefinition":
                var condition = element.Child(BpmnNamespaces.Model, "condition");
                return new ConditionalEventDefinition(
                    id,
                    ExpressionText.From(condition?.Text?.Trim()),
                    element.CamundaAttribute("variableName") is { Length: > 0 } variableName ? variableName : null,
                    (element.CamundaAttribute("variableEvents") ?? string.Empty)
                        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    ConditionLanguage = condition?.Attribute("language"),
                };
            case "linkEventDefinition":
                return new LinkEventDefinition(id, element.Attribute("name"));
            default:
                return new UnsupportedEventDefinition(id, element.LocalName);
        }
    }

    public static TimerEventDefinition ReadTimer(XmlElementNode element, string? id)
    {
        foreach (var (name, kind) in new[] { ("timeDate", TimerKind.Date), ("timeDuration", TimerKind.Duration), ("timeCycle", TimerKind.Cycle) })
        {
            if (element.Child(BpmnNamespaces.Model, name) is { } value)
            {
                return new TimerEventDefinition(id, kind, ExpressionText.From(value.Text?.Trim()));
            }
        }

        return new TimerEventDefinition(id, null, null);
    }

    /// <summary>Camunda 7 reads an errorRef that names no error element as the error code itself.</summary>
    private static ErrorDeclaration? ErrorCodeOnly(string? errorRef) =>
        string.IsNullOrWhiteSpace(errorRef) ? null : new ErrorDeclaration(errorRef, null, errorRef);

    private static T? Lookup<T>(Dictionary<string, T> declarations, string? reference) where T : class =>
        reference is not null && declarations.TryGetValue(reference, out var declaration) ? declaration : null;
}
