using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.Validation;

namespace WorkflowItsm.Bpmn.Parsing;

/// <summary>Builds <see cref="BpmnDefinitions"/> from the element tree: declarations first, then the processes.</summary>
internal static class DefinitionsReader
{
    public static BpmnDefinitions? Read(XmlElementNode root, ParseContext context)
    {
        if (!root.IsBpmn || root.LocalName != "definitions")
        {
            context.Problems.Add(BpmnProblem.Error(null, BpmnProblemCodes.NotBpmn,
                $"The root element must be definitions of namespace {BpmnNamespaces.Model}, found '{root.LocalName}' ({root.NamespaceUri})."));
            return null;
        }

        ReadDeclarations(root, context);
        var processes = root.ChildrenNamed(BpmnNamespaces.Model, "process").Select(p => ReadProcess(p, context)).ToArray();
        LinkCompensationHandlers(processes, context);
        var id = root.Attribute("id");
        if (string.IsNullOrWhiteSpace(id))
        {
            id = $"definitions at line {root.Position.Line}"; // the id is optional here; problems then name no element
            context.InventedIds.Add(id);
        }

        var definitions = new BpmnDefinitions
        {
            Id = id,
            Name = root.Attribute("name"),
            Position = root.Position,
            TargetNamespace = root.Attribute("targetNamespace"),
            Exporter = root.Attribute("exporter"),
            ExporterVersion = root.Attribute("exporterVersion"),
            ExpressionLanguage = ExpressionLanguages.Of(root.Attribute("expressionLanguage"), root.DeclaresCamunda),
            Processes = processes,
            Collaboration = ReadCollaboration(root, context),
            Messages = context.Messages,
            Signals = context.Signals,
            Errors = context.Errors,
            Escalations = context.Escalations,
            InventedIds = context.InventedIds,
        };
        context.ReportIgnoredExtensions();
        foreach (var process in processes)
        {
            process.Definitions = definitions;
        }

        return definitions;
    }

    private static void ReadDeclarations(XmlElementNode root, ParseContext context)
    {
        foreach (var child in root.Children)
        {
            if (!child.IsBpmn)
            {
                continue;
            }

            switch (child.LocalName)
            {
                case "message":
                    var messageId = context.IdOf(child);
                    context.Messages[messageId] = new MessageDeclaration(messageId, ExpressionText.From(child.Attribute("name")));
                    break;
                case "signal":
                    var signalId = context.IdOf(child);
                    context.Signals[signalId] = new SignalDeclaration(signalId, child.Attribute("name"));
                    break;
                case "error":
                    var errorId = context.IdOf(child);
                    context.Errors[errorId] = new ErrorDeclaration(errorId, child.Attribute("name"), child.Attribute("errorCode"));
                    break;
                case "escalation":
                    var escalationId = context.IdOf(child);
                    context.Escalations[escalationId] = new EscalationDeclaration(escalationId, child.Attribute("name"), child.Attribute("escalationCode"));
                    break;
            }
        }
    }

    private static ProcessDefinition ReadProcess(XmlElementNode element, ParseContext context)
    {
        var unsupported = new List<string>();
        CamundaAttributes.CollectUnsupported(element, unsupported);
        var extensions = CamundaExtensions.Read(element, context, unsupported);
        var process = new ProcessDefinition
        {
            Id = context.IdOf(element),
            Name = element.Attribute("name"),
            Position = element.Position,
            IsExecutable = string.Equals(element.Attribute("isExecutable"), "true", StringComparison.Ordinal),
            VersionTag = element.CamundaAttribute("versionTag"),
            // camunda:potentialStarter adds to the attributes' lists, as in Camunda 7.
            CandidateStarterGroups = [.. SplitList(element.CamundaAttribute("candidateStarterGroups")).Concat(extensions.StarterGroups).Distinct(StringComparer.Ordinal)],
            CandidateStarterUsers = [.. SplitList(element.CamundaAttribute("candidateStarterUsers")).Concat(extensions.StarterUsers).Distinct(StringComparer.Ordinal)],
            Lanes = ContainerReader.ReadLanes(element),
            Properties = extensions.Properties,
            ExecutionListeners = extensions.ExecutionListeners,
            UnsupportedFeatures = unsupported,
        };
        process.Graph = ContainerReader.ReadGraph(process, element, context);
        process.IndexNodes();
        return process;
    }

    /// <summary>A compensation boundary event's handler is the compensation activity an association joins it to (either direction).</summary>
    private static void LinkCompensationHandlers(ProcessDefinition[] processes, ParseContext context)
    {
        foreach (var process in processes)
        {
            foreach (var boundary in process.AllNodes.OfType<BoundaryEvent>().Where(b => b.Definition is CompensateEventDefinition))
            {
                foreach (var (source, target) in context.Associations)
                {
                    var other = source == boundary.Id ? target : target == boundary.Id ? source : null;
                    if (other is not null && process.FindNode(other) is Activity { IsForCompensation: true } handler)
                    {
                        boundary.CompensationHandler = handler;
                        break;
                    }
                }
            }
        }
    }

    private static string[] SplitList(string? csv) =>
        csv?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    private static Collaboration? ReadCollaboration(XmlElementNode root, ParseContext context)
    {
        var element = root.Child(BpmnNamespaces.Model, "collaboration");
        if (element is null)
        {
            return null;
        }

        var participants = element.ChildrenNamed(BpmnNamespaces.Model, "participant")
            .Select(p => new Participant(context.IdOf(p), p.Attribute("name"), p.Attribute("processRef")))
            .ToArray();
        var messageFlows = element.ChildrenNamed(BpmnNamespaces.Model, "messageFlow")
            .Select(f => new MessageFlow(context.IdOf(f), f.Attribute("name"), f.Attribute("sourceRef"), f.Attribute("targetRef"), f.Attribute("messageRef")))
            .ToArray();
        return new Collaboration(context.IdOf(element), participants, messageFlows);
    }
}
