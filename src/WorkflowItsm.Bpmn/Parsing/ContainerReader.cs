using WorkflowItsm.Bpmn.Model;

namespace WorkflowItsm.Bpmn.Parsing;

/// <summary>Reads the flow nodes and sequence flows of a process or sub-process into a linked graph.</summary>
internal static class ContainerReader
{
    public static FlowGraph ReadGraph(IFlowContainer container, XmlElementNode element, ParseContext context)
    {
        var nodes = new List<FlowNode>();
        var flows = new List<SequenceFlow>();
        foreach (var child in element.Children)
        {
            if (!child.IsBpmn)
            {
                continue;
            }

            if (child.LocalName == "sequenceFlow")
            {
                flows.Add(ReadFlow(child, context));
            }
            else if (FlowNodeReader.IsFlowNode(child.LocalName))
            {
                nodes.Add(FlowNodeReader.Read(child, context));
            }
            else if (child.LocalName == "association")
            {
                context.Associations.Add((child.Attribute("sourceRef"), child.Attribute("targetRef")));
            }

            // Anything else (artifacts, data objects, lanes, documentation) has no execution meaning.
        }

        return new FlowGraph(container, nodes, flows);
    }

    public static IReadOnlyList<Lane> ReadLanes(XmlElementNode process) =>
        process.ChildrenNamed(BpmnNamespaces.Model, "laneSet")
            .SelectMany(set => set.ChildrenNamed(BpmnNamespaces.Model, "lane"))
            .Select(lane => new Lane(
                lane.Attribute("id") ?? string.Empty,
                lane.Attribute("name"),
                lane.ChildrenNamed(BpmnNamespaces.Model, "flowNodeRef").Select(r => r.Text?.Trim() ?? string.Empty).ToArray()))
            .ToArray();

    private static SequenceFlow ReadFlow(XmlElementNode element, ParseContext context)
    {
        var unsupported = new List<string>();
        CamundaAttributes.CollectUnsupported(element, unsupported);
        var extensions = CamundaExtensions.Read(element, context, unsupported);
        var condition = element.Child(BpmnNamespaces.Model, "conditionExpression");
        var language = condition?.Attribute("language");
        if (condition?.CamundaAttribute("resource") is not null)
        {
            unsupported.Add("camunda:resource on conditionExpression");
        }

        return new SequenceFlow
        {
            Id = context.FlowIdOf(element),
            Name = element.Attribute("name"),
            Position = element.Position,
            SourceRef = element.Attribute("sourceRef"),
            TargetRef = element.Attribute("targetRef"),
            Condition = ExpressionText.From(condition?.Text?.Trim()),
            ConditionLanguage = language,
            Properties = extensions.Properties,
            ExecutionListeners = extensions.ExecutionListeners,
            UnsupportedFeatures = unsupported,
        };
    }
}
