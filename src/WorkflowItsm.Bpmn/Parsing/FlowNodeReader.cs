using WorkflowItsm.Bpmn.Model;

namespace WorkflowItsm.Bpmn.Parsing;

/// <summary>Builds one flow node (and, for sub-processes, its nested graph) from its XML element.</summary>
internal static class FlowNodeReader
{
    /// <summary>BPMN children that carry no execution meaning (documentation, data associations).</summary>
    private static readonly HashSet<string> IgnoredChildren = new(StringComparer.Ordinal)
    {
        "incoming", "outgoing", "documentation", "extensionElements", "multiInstanceLoopCharacteristics",
        "conditionExpression", "script", "property", "dataInputAssociation", "dataOutputAssociation",
        "ioSpecification", "timeDate", "timeDuration", "timeCycle",
    };

    private static readonly HashSet<string> UnsupportedNodeNames = new(StringComparer.Ordinal)
    {
        "complexGateway", "adHocSubProcess", "implicitThrowEvent", "callChoreography",
        "choreographyTask", "subChoreography",
    };

    public static bool IsFlowNode(string localName) => localName switch
    {
        "startEvent" or "endEvent" or "intermediateCatchEvent" or "intermediateThrowEvent" or "boundaryEvent"
            or "task" or "manualTask" or "userTask" or "serviceTask" or "sendTask" or "businessRuleTask"
            or "scriptTask" or "receiveTask" or "exclusiveGateway" or "parallelGateway" or "inclusiveGateway"
            or "eventBasedGateway" or "subProcess" or "transaction" or "callActivity" => true,
        _ => UnsupportedNodeNames.Contains(localName),
    };

    public static FlowNode Read(XmlElementNode element, ParseContext context)
    {
        var unsupported = new List<string>();
        CamundaAttributes.CollectUnsupported(element, unsupported);
        var extensions = CamundaExtensions.Read(element, context, unsupported);
        var id = context.IdOf(element);
        var node = Create(element, id, context, extensions, unsupported);
        foreach (var child in element.Children)
        {
            if (child.IsBpmn && !IgnoredChildren.Contains(child.LocalName) && !child.LocalName.EndsWith("EventDefinition", StringComparison.Ordinal)
                && node is not SubProcess && child.LocalName != "eventDefinitionRef"
                && !(node is UserTask && PeopleAssignments.Elements.Contains(child.LocalName)))
            {
                unsupported.Add($"{child.LocalName} inside {element.LocalName}");
            }
        }

        node.Name = element.Attribute("name");
        node.Position = element.Position;
        node.Properties = extensions.Properties;
        node.ExecutionListeners = extensions.ExecutionListeners;
        node.UnsupportedFeatures = unsupported;
        node.AsyncBefore = IsAsyncBefore(element);
        node.AsyncAfter = string.Equals(element.CamundaAttribute("asyncAfter"), "true", StringComparison.Ordinal);
        if (node is Activity activity)
        {
            FillActivity(activity, element, extensions, unsupported);
        }

        return node;
    }

    private static FlowNode Create(XmlElementNode element, string id, ParseContext context, CamundaExtensions extensions, List<string> unsupported)
    {
        switch (element.LocalName)
        {
            case "startEvent":
                var (startDefinition, startCount) = EventDefinitionReader.Read(element, context, unsupported);
                return new StartEvent
                {
                    Id = id,
                    Definition = startDefinition,
                    DefinitionCount = startCount,
                    IsInterrupting = !string.Equals(element.Attribute("isInterrupting"), "false", StringComparison.Ordinal),
                    Initiator = element.CamundaAttribute("initiator"),
                    FormKey = element.CamundaAttribute("formKey"),
                    FormRef = ReadFormReference(element, unsupported),
                    FormFields = extensions.FormFields,
                };
            case "endEvent":
                var (endDefinition, endCount) = EventDefinitionReader.Read(element, context, unsupported);
                return new EndEvent { Id = id, Definition = endDefinition, DefinitionCount = endCount };
            case "intermediateCatchEvent":
                var (catchDefinition, catchCount) = EventDefinitionReader.Read(element, context, unsupported);
                return new IntermediateCatchEvent { Id = id, Definition = catchDefinition, DefinitionCount = catchCount };
            case "intermediateThrowEvent":
                var (throwDefinition, throwCount) = EventDefinitionReader.Read(element, context, unsupported);
                return new IntermediateThrowEvent { Id = id, Definition = throwDefinition, DefinitionCount = throwCount };
            case "boundaryEvent":
                var (boundaryDefinition, boundaryCount) = EventDefinitionReader.Read(element, context, unsupported);
                return new BoundaryEvent
                {
                    Id = id,
                    Definition = boundaryDefinition,
                    DefinitionCount = boundaryCount,
                    AttachedToRef = element.Attribute("attachedToRef"),
                    CancelActivity = !string.Equals(element.Attribute("cancelActivity"), "false", StringComparison.Ordinal),
                };
            case "task":
                return new NoneTask { Id = id };
            case "manualTask":
                return new ManualTask { Id = id };
            case "userTask":
                var people = PeopleAssignments.Read(element, unsupported);
                return new UserTask
                {
                    Id = id,
                    Assignee = ExpressionText.From(element.CamundaAttribute("assignee") ?? people.Assignee),
                    CandidateUsers = ExpressionText.From(PeopleAssignments.Join(element.CamundaAttribute("candidateUsers"), people.Users)),
                    CandidateGroups = ExpressionText.From(PeopleAssignments.Join(element.CamundaAttribute("candidateGroups"), people.Groups)),
                    DueDate = ExpressionText.From(element.CamundaAttribute("dueDate")),
                    FollowUpDate = ExpressionText.From(element.CamundaAttribute("followUpDate")),
                    Priority = ExpressionText.From(element.CamundaAttribute("priority")),
                    FormKey = element.CamundaAttribute("formKey"),
                    FormRef = ReadFormReference(element, unsupported),
                    FormFields = extensions.FormFields,
                    TaskListeners = extensions.TaskListeners,
                };
            case "serviceTask" or "sendTask" or "businessRuleTask":
                var messageRef = element.Attribute("messageRef");
                return new ServiceTask
                {
                    Id = id,
                    Kind = element.LocalName switch
                    {
                        "sendTask" => ServiceTaskKind.Send,
                        "businessRuleTask" => ServiceTaskKind.BusinessRule,
                        _ => ServiceTaskKind.Service,
                    },
                    Implementation = WithFields(ServiceImplementationReader.Read(element, unsupported), extensions, unsupported),
                    ErrorRules = ExternalErrorRules(element, extensions, unsupported),
                    Decision = element.LocalName == "businessRuleTask" ? ReadDecisionReference(element, unsupported) : null,
                    MessageRef = messageRef,
                    Message = messageRef is not null ? context.Messages.GetValueOrDefault(messageRef) : null,
                };
            case "scriptTask":
                return new ScriptTask
                {
                    Id = id,
                    ScriptFormat = element.Attribute("scriptFormat"),
                    Script = element.Child(BpmnNamespaces.Model, "script")?.Text,
                    ResultVariable = element.CamundaAttribute("resultVariable"),
                };
            case "receiveTask":
                var receiveRef = element.Attribute("messageRef");
                return new ReceiveTask
                {
                    Id = id,
                    MessageRef = receiveRef,
                    Message = receiveRef is not null ? context.Messages.GetValueOrDefault(receiveRef) : null,
                };
            case "exclusiveGateway" or "parallelGateway" or "inclusiveGateway" or "eventBasedGateway":
                if (element.LocalName == "eventBasedGateway" && element.Attribute("instantiate") == "true")
                {
                    unsupported.Add("instantiating eventBasedGateway");
                }

                return new Gateway
                {
                    Id = id,
                    Kind = element.LocalName switch
                    {
                        "exclusiveGateway" => GatewayKind.Exclusive,
                        "parallelGateway" => GatewayKind.Parallel,
                        "inclusiveGateway" => GatewayKind.Inclusive,
                        _ => GatewayKind.EventBased,
                    },
                    DefaultFlowRef = element.Attribute("default"),
                };
            case "subProcess" or "transaction":
                var subProcess = new SubProcess
                {
                    Id = id,
                    TriggeredByEvent = string.Equals(element.Attribute("triggeredByEvent"), "true", StringComparison.Ordinal),
                    IsTransaction = element.LocalName == "transaction",
                };
                subProcess.Graph = ContainerReader.ReadGraph(subProcess, element, context);
                return subProcess;
            case "callActivity":
                return ReadCallActivity(element, id, extensions, unsupported);
            default:
                return new UnsupportedNode { Id = id, BpmnElementName = element.LocalName };
        }
    }

    /// <summary>camunda:field goes to class and delegate-expression handlers only, as in Camunda.</summary>
    /// <summary>Camunda evaluates error event definitions only for external tasks; elsewhere they would silently do nothing.</summary>
    private static List<ExternalTaskErrorRule> ExternalErrorRules(XmlElementNode element, CamundaExtensions extensions, List<string> unsupported)
    {
        if (extensions.ErrorRules.Count > 0 && element.CamundaAttribute("type") != "external")
        {
            unsupported.Add("camunda:errorEventDefinition on a task that is not external (camunda:type=\"external\")");
        }

        return extensions.ErrorRules;
    }

    private static ServiceImplementation? WithFields(ServiceImplementation? implementation, CamundaExtensions extensions, List<string> unsupported)
    {
        if (extensions.Fields.Count == 0)
        {
            return implementation;
        }

        if (implementation is { Kind: ImplementationKind.Class or ImplementationKind.DelegateExpression })
        {
            return implementation with { Fields = extensions.Fields.ToArray() };
        }

        unsupported.Add("camunda:field without a camunda:class or camunda:delegateExpression handler");
        return implementation;
    }

    /// <summary>A business rule task's camunda:decisionRef, binding and result mapping, as Camunda 7 reads them.</summary>
    private static DecisionReference? ReadDecisionReference(XmlElementNode element, List<string> unsupported)
    {
        if (element.CamundaAttribute("decisionRef") is not { } decisionRef)
        {
            return null;
        }

        var binding = ReadChoice(element, "decisionRefBinding", DecisionBindings, unsupported);
        var mapping = ReadChoice(element, "mapDecisionResult", DecisionMappings, unsupported);
        return new DecisionReference(
            new ExpressionText(decisionRef),
            binding,
            ExpressionText.From(element.CamundaAttribute("decisionRefVersion")),
            element.CamundaAttribute("decisionRefVersionTag"),
            element.CamundaAttribute("resultVariable"),
            mapping);
    }

    /// <summary>A user task's or start event's camunda:formRef with its binding and version, as Camunda 7 reads them.</summary>
    private static CamundaFormReference? ReadFormReference(XmlElementNode element, List<string> unsupported) =>
        element.CamundaAttribute("formRef") is { } formRef
            ? new CamundaFormReference(new ExpressionText(formRef), ReadChoice(element, "formRefBinding", FormBindings, unsupported),
                ExpressionText.From(element.CamundaAttribute("formRefVersion")))
            : null;

    // Camunda's names; the first of each is its default.
    private static readonly (string Name, FormRefBinding Value)[] FormBindings =
        [("latest", FormRefBinding.Latest), ("deployment", FormRefBinding.Deployment), ("version", FormRefBinding.Version)];

    private static readonly (string Name, DecisionRefBinding Value)[] DecisionBindings =
        [("latest", DecisionRefBinding.Latest), ("deployment", DecisionRefBinding.Deployment), ("version", DecisionRefBinding.Version), ("versionTag", DecisionRefBinding.VersionTag)];

    private static readonly (string Name, DecisionResultMapping Value)[] DecisionMappings =
        [("resultList", DecisionResultMapping.ResultList), ("singleEntry", DecisionResultMapping.SingleEntry),
         ("singleResult", DecisionResultMapping.SingleResult), ("collectEntries", DecisionResultMapping.CollectEntries)];

    /// <summary>A camunda attribute naming one of a few choices: the default when absent, unsupported when unknown.</summary>
    private static T ReadChoice<T>(XmlElementNode element, string attribute, (string Name, T Value)[] choices, List<string> unsupported)
    {
        var text = element.CamundaAttribute(attribute) ?? choices[0].Name;
        foreach (var (name, value) in choices)
        {
            if (name == text)
            {
                return value;
            }
        }

        unsupported.Add($"camunda:{attribute}=\"{text}\" ({string.Join(", ", choices.Select(choice => choice.Name))})");
        return choices[0].Value;
    }

    private static CallActivity ReadCallActivity(XmlElementNode element, string id, CamundaExtensions extensions, List<string> unsupported)
    {
        var bindingText = element.CamundaAttribute("calledElementBinding") ?? "latest";
        CalledElementBinding? binding = bindingText switch
        {
            "latest" => CalledElementBinding.Latest,
            "version" => CalledElementBinding.Version,
            "deployment" => CalledElementBinding.Deployment,
            "versionTag" => CalledElementBinding.VersionTag,
            _ => null,
        };
        if (binding is null)
        {
            unsupported.Add($"camunda:calledElementBinding=\"{bindingText}\" (latest, deployment, version or versionTag)");
        }

        return new CallActivity
        {
            Id = id,
            CalledElement = ExpressionText.From(element.Attribute("calledElement")),
            Binding = binding ?? CalledElementBinding.Latest,
            CalledElementVersion = ExpressionText.From(element.CamundaAttribute("calledElementVersion")),
            CalledElementVersionTag = ExpressionText.From(element.CamundaAttribute("calledElementVersionTag")),
            InMappings = extensions.InMappings,
            OutMappings = extensions.OutMappings,
        };
    }

    private static void FillActivity(Activity activity, XmlElementNode element, CamundaExtensions extensions, List<string> unsupported)
    {
        activity.FailedJobRetryTimeCycle = extensions.FailedJobRetryTimeCycle;
        activity.InputOutput = extensions.InputOutput;
        activity.DefaultFlowRef = element.Attribute("default");
        activity.IsForCompensation = string.Equals(element.Attribute("isForCompensation"), "true", StringComparison.Ordinal);

        if (element.Child(BpmnNamespaces.Model, "multiInstanceLoopCharacteristics") is { } loop)
        {
            CamundaAttributes.CollectUnsupported(loop, unsupported);
            activity.MultiInstance = new MultiInstanceLoop(
                string.Equals(loop.Attribute("isSequential"), "true", StringComparison.Ordinal),
                ExpressionText.From(loop.Child(BpmnNamespaces.Model, "loopCardinality")?.Text?.Trim()),
                ExpressionText.From(loop.CamundaAttribute("collection")),
                loop.CamundaAttribute("elementVariable"),
                ExpressionText.From(loop.Child(BpmnNamespaces.Model, "completionCondition")?.Text?.Trim()),
                AsyncBefore: IsAsyncBefore(loop),
                AsyncAfter: string.Equals(loop.CamundaAttribute("asyncAfter"), "true", StringComparison.Ordinal));
        }
    }

    // camunda:async is Camunda 6/7.0's name of asyncBefore; models of that time still carry it.
    private static bool IsAsyncBefore(XmlElementNode element) =>
        string.Equals(element.CamundaAttribute("asyncBefore"), "true", StringComparison.Ordinal)
        || string.Equals(element.CamundaAttribute("async"), "true", StringComparison.Ordinal);
}
