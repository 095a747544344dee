namespace WorkflowItsm.Bpmn.Parsing;

/// <summary>
/// Which <c>camunda:</c> attributes each element may carry. Anything else (camunda:resource,
/// camunda:caseRef...) is recorded as unsupported, so a model relying on a Camunda feature we
/// do not run fails at deployment instead of behaving differently.
/// </summary>
internal static class CamundaAttributes
{
    // Harmless everywhere: job executor hints with no effect on token semantics, and the modeler's record of the
    // element template an element was made from (element templates write them; the Camunda engine ignores them too).
    private static readonly string[] Harmless = ["exclusive", "jobPriority", "taskPriority", "modelerTemplate", "modelerTemplateVersion"];
    private static readonly string[] Async = ["asyncBefore", "asyncAfter"];
    private static readonly string[] FormReference = ["formRef", "formRefBinding", "formRefVersion"];
    private static readonly string[] Handler = ["class", "delegateExpression", "expression", "resultVariable", "type", "topic"];

    private static readonly Dictionary<string, HashSet<string>> AllowedByElement = new(StringComparer.Ordinal)
    {
        ["process"] = Set(["versionTag", "historyTimeToLive", "isStartableInTasklist", "candidateStarterGroups", "candidateStarterUsers"]),
        ["startEvent"] = Set([.. Async, "initiator", "formKey", .. FormReference]),
        ["endEvent"] = Set(Async),
        ["intermediateCatchEvent"] = Set(Async),
        ["intermediateThrowEvent"] = Set(Async),
        ["boundaryEvent"] = Set(Async),
        // After a gateway, one continuation per flow it takes. An event-based gateway waits for its events itself:
        // Camunda 7 refuses async-after there too.
        ["exclusiveGateway"] = Set(Async),
        ["parallelGateway"] = Set(Async),
        ["inclusiveGateway"] = Set(Async),
        ["eventBasedGateway"] = Set(["asyncBefore"]),
        // camunda:expression means nothing on a user or script task; Camunda 7 ignores it there (models copied from a service task keep it).
        ["userTask"] = Set([.. Async, "assignee", "candidateUsers", "candidateGroups", "dueDate", "followUpDate", "priority", "formKey", .. FormReference, "expression"]),
        ["serviceTask"] = Set([.. Async, .. Handler]),
        ["sendTask"] = Set([.. Async, .. Handler]),
        // Tenant ids are ignored, as for call activities: this product has one tenant.
        ["businessRuleTask"] = Set([.. Async, .. Handler, "decisionRef", "decisionRefBinding", "decisionRefVersion", "decisionRefVersionTag",
            "decisionRefTenantId", "mapDecisionResult"]),
        ["scriptTask"] = Set([.. Async, "resultVariable", "expression"]),
        // The product has one tenant: a call activity's tenant id names it, whatever it says (as a decision's does).
        ["callActivity"] = Set([.. Async, "calledElementBinding", "calledElementVersion", "calledElementVersionTag", "calledElementTenantId"]),
        ["subProcess"] = Set(Async),
        ["transaction"] = Set(Async),
        ["task"] = Set(Async),
        ["manualTask"] = Set(Async),
        ["receiveTask"] = Set(Async),
        // Async here waits before or after each instance (the activity's own async waits around the loop as a whole).
        ["multiInstanceLoopCharacteristics"] = Set([.. Async, "collection", "elementVariable"]),
        ["messageEventDefinition"] = Set(Handler),
        // A thrown signal always reaches its receivers after the thrower's step commits (the runtime forwards it),
        // which is what camunda:async="true" asks of Camunda 7.
        ["signalEventDefinition"] = Set(["async"]),
        ["errorEventDefinition"] = Set(["errorCodeVariable", "errorMessageVariable"]),
        ["escalationEventDefinition"] = Set(["escalationCodeVariable"]),
        ["conditionalEventDefinition"] = Set(["variableName", "variableEvents"]),
    };

    /// <summary>Adds one "camunda:name" entry per camunda attribute the element may not carry.</summary>
    public static void CollectUnsupported(XmlElementNode element, List<string> unsupported)
    {
        AllowedByElement.TryGetValue(element.LocalName, out var allowed);
        foreach (var (ns, name, _) in element.Attributes)
        {
            // camunda:async goes wherever asyncBefore goes: it is its old name (and a signal throw's own attribute).
            var isAllowed = allowed is not null && (allowed.Contains(name) || (name == "async" && allowed.Contains("asyncBefore")));
            if (ns == BpmnNamespaces.Camunda && Array.IndexOf(Harmless, name) < 0 && !isAllowed)
            {
                unsupported.Add($"camunda:{name} on {element.LocalName}");
            }
        }
    }

    private static HashSet<string> Set(string[] names) => new(names, StringComparer.Ordinal);
}
