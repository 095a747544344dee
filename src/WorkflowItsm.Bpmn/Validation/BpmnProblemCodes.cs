namespace WorkflowItsm.Bpmn.Validation;

/// <summary>
/// The stable codes of <see cref="BpmnProblem"/>. Codes never change meaning once published; the designer and the
/// API show them to modellers and hosts may filter on them.
/// </summary>
public static class BpmnProblemCodes
{
    /// <summary>The XML is not well-formed (message carries line and position).</summary>
    public const string MalformedXml = "BPMN001";

    /// <summary>The document is larger than <c>BpmnParserOptions.MaxCharactersInDocument</c>.</summary>
    public const string DocumentTooLarge = "BPMN002";

    /// <summary>Elements are nested deeper than <c>BpmnParserOptions.MaxDepth</c>.</summary>
    public const string NestingTooDeep = "BPMN003";

    /// <summary>The document has a DTD (entities, external references): never processed.</summary>
    public const string DtdProhibited = "BPMN004";

    /// <summary>The root element is not <c>bpmn:definitions</c> of the BPMN 2.0 model namespace.</summary>
    public const string NotBpmn = "BPMN005";

    /// <summary>Two elements share one id.</summary>
    public const string DuplicateId = "BPMN006";

    /// <summary>A required attribute (id, sourceRef, targetRef...) is missing.</summary>
    public const string MissingAttribute = "BPMN007";

    /// <summary>The document has no executable process.</summary>
    public const string NoExecutableProcess = "BPMN010";

    /// <summary>A reference (sourceRef, targetRef, default, attachedToRef, messageRef, signalRef, errorRef, escalationRef...) names nothing.</summary>
    public const string DanglingReference = "BPMN011";

    /// <summary>A process or sub-process has no start event it can begin at.</summary>
    public const string NoStartEvent = "BPMN012";

    /// <summary>Warning: a node cannot be reached from any start event (it never runs).</summary>
    public const string Unreachable = "BPMN013";

    /// <summary>A node cannot reach any end (a token there could never finish).</summary>
    public const string CannotReachEnd = "BPMN014";

    /// <summary>An outgoing flow of a parallel gateway has a condition (it would be ignored).</summary>
    public const string ConditionOnParallelFlow = "BPMN015";

    /// <summary>Warning: an exclusive/inclusive gateway has only conditional flows and no default: all may be false.</summary>
    public const string AllConditionsMayBeFalse = "BPMN016";

    /// <summary>A timer is missing or is not valid ISO-8601 (date, duration, repeating interval) or cron.</summary>
    public const string InvalidTimer = "BPMN017";

    /// <summary>A script or expression does not compile.</summary>
    public const string ScriptDoesNotCompile = "BPMN018";

    /// <summary>A service, send or business-rule task has no implementation.</summary>
    public const string NoImplementation = "BPMN019";

    /// <summary>A task names a handler the host has not registered.</summary>
    public const string UnknownHandler = "BPMN020";

    /// <summary>An event-based gateway is followed by something other than a catch event or a receive task.</summary>
    public const string InvalidEventGatewayTarget = "BPMN021";

    /// <summary>An element type we do not execute (complex gateway, transaction, compensation, ad-hoc sub-process...).</summary>
    public const string UnsupportedElement = "BPMN022";

    /// <summary>An attribute or extension we do not execute (e.g. camunda:caseRef, class listeners, external scripts).</summary>
    public const string UnsupportedAttribute = "BPMN023";

    /// <summary>A sub-process does not have exactly one none start event, or has a triggered start.</summary>
    public const string InvalidSubProcessStart = "BPMN024";

    /// <summary>A boundary event is not attached to an activity, or has a trigger boundaries cannot have.</summary>
    public const string InvalidBoundaryEvent = "BPMN025";

    /// <summary>A link throw event has no catch event with the same name in its scope.</summary>
    public const string LinkWithoutCatch = "BPMN026";

    /// <summary>An event sub-process does not have exactly one triggered start event, or has flows in or out.</summary>
    public const string InvalidEventSubProcess = "BPMN027";

    /// <summary>A sequence flow connects nodes of different scopes.</summary>
    public const string FlowCrossesScope = "BPMN028";

    /// <summary>A script is not JavaScript (only javascript/ecmascript/js are executed).</summary>
    public const string UnsupportedScriptFormat = "BPMN029";

    /// <summary>A multi-instance activity has neither loopCardinality nor a collection (or an elementVariable without collection).</summary>
    public const string InvalidMultiInstance = "BPMN030";

    /// <summary>A default flow is not an outgoing flow of its element, or has a condition.</summary>
    public const string InvalidDefaultFlow = "BPMN031";

    /// <summary>A call activity has no calledElement, or a version binding without a version.</summary>
    public const string InvalidCallActivity = "BPMN032";

    /// <summary>An event of this kind cannot have this trigger (e.g. a timer end event, a terminate start event).</summary>
    public const string InvalidEventDefinition = "BPMN033";

    /// <summary>A node has no outgoing flow where one is required (gateways, catch events after an event gateway).</summary>
    public const string MissingOutgoingFlow = "BPMN034";

    /// <summary>
    /// Two catchers of one scope wait for the same message or signal name, two signals share a name, or a message
    /// or signal has no name (Camunda 7 refuses these models).
    /// </summary>
    public const string DuplicateOrEmptyEventName = "BPMN035";

    /// <summary>A process has more than one none or timer start event (event sub-process starts do not count).</summary>
    public const string SeveralStartEvents = "BPMN036";

    /// <summary>Several escalation catchers of one activity or scope catch the same code (or one catches all and another a code).</summary>
    public const string DuplicateEscalationCatcher = "BPMN037";

    /// <summary>Warning: extension elements of another tool's namespace were ignored.</summary>
    public const string IgnoredExtension = "BPMN038";

    /// <summary>A business rule task's camunda:decisionRef is empty, or a version binding gives no version.</summary>
    public const string InvalidDecisionRef = "BPMN039";

    /// <summary>
    /// A compensation boundary event has no handler (an association to an activity with isForCompensation) or has
    /// sequence flows, a compensation handler has sequence flows, or a compensation throw's activityRef is not an
    /// activity of its scope.
    /// </summary>
    public const string InvalidCompensation = "BPMN040";

    /// <summary>
    /// A camunda:formRef is empty or given beside camunda:formKey, a version binding gives no camunda:formRefVersion, or
    /// a start event's form reference is an expression (there are no variables yet to evaluate it on).
    /// </summary>
    public const string InvalidFormRef = "BPMN041";
}
