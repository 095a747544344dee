namespace WorkflowItsm.Bpmn.Model;

/// <summary>Common part of events: at most one event definition is executed (more is unsupported).</summary>
public abstract class EventNode : FlowNode
{
    public EventDefinition? Definition { get; init; }

    /// <summary>How many event definitions the XML had; more than one (a "multiple" event) is unsupported.</summary>
    public int DefinitionCount { get; init; }
}

public sealed class StartEvent : EventNode
{
    /// <summary>Only meaningful in an event sub-process: false for a non-interrupting start.</summary>
    public bool IsInterrupting { get; init; } = true;

    /// <summary><c>camunda:initiator</c>: the variable that receives the starting user id.</summary>
    public string? Initiator { get; init; }

    public string? FormKey { get; init; }

    /// <summary><c>camunda:formRef</c>: a deployed Camunda Form the portal shows to start the process.</summary>
    public CamundaFormReference? FormRef { get; init; }

    public IReadOnlyList<FormField> FormFields { get; init; } = [];
    public override string ElementName => "startEvent";
}

public sealed class EndEvent : EventNode
{
    public override string ElementName => "endEvent";
}

public sealed class IntermediateCatchEvent : EventNode
{
    public override string ElementName => "intermediateCatchEvent";
}

public sealed class IntermediateThrowEvent : EventNode
{
    public override string ElementName => "intermediateThrowEvent";
}

/// <summary>An event attached to an activity's boundary; its subscription lives as long as the activity runs.</summary>
public sealed class BoundaryEvent : EventNode
{
    public required string? AttachedToRef { get; init; }

    /// <summary>False for a non-interrupting boundary event (<c>cancelActivity="false"</c>).</summary>
    public bool CancelActivity { get; init; } = true;

    public Activity? AttachedTo { get; internal set; }

    /// <summary>For a compensation boundary event: the handler its association points to.</summary>
    public Activity? CompensationHandler { get; internal set; }
    public override string ElementName => "boundaryEvent";
}
