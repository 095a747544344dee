namespace WorkflowItsm.Bpmn.Model;

/// <summary>
/// A node of a process graph. Incoming/outgoing flows, the owning container and the node's index in it are
/// linked once by <see cref="FlowGraph"/> after parsing and never change afterwards.
/// </summary>
public abstract class FlowNode : BaseElement
{
    public IReadOnlyList<SequenceFlow> Incoming { get; internal set; } = [];
    public IReadOnlyList<SequenceFlow> Outgoing { get; internal set; } = [];

    /// <summary>The process or sub-process whose graph holds this node.</summary>
    public IFlowContainer Container { get; internal set; } = null!;

    /// <summary>Position in <see cref="FlowGraph.Nodes"/> of the container; indexes the reachability table.</summary>
    public int Index { get; internal set; }

    /// <summary><c>camunda:asyncBefore</c>: park with an async-continuation bookmark before entering.</summary>
    public bool AsyncBefore { get; internal set; }

    /// <summary><c>camunda:asyncAfter</c>: park with an async-continuation bookmark after completing (activities and events).</summary>
    public bool AsyncAfter { get; internal set; }

    /// <summary>The BPMN element name (<c>userTask</c>, <c>exclusiveGateway</c>...), for messages.</summary>
    public abstract string ElementName { get; }
}

/// <summary>A sequence flow. A flow is the default of its source when the source names it.</summary>
public sealed class SequenceFlow : BaseElement
{
    public required string? SourceRef { get; init; }
    public required string? TargetRef { get; init; }
    public ExpressionText? Condition { get; init; }

    /// <summary>The <c>language</c> of the condition, when given (only JavaScript/JUEL-style is executed).</summary>
    public string? ConditionLanguage { get; init; }

    public FlowNode Source { get; internal set; } = null!;
    public FlowNode Target { get; internal set; } = null!;
    public bool IsDefault { get; internal set; }

    /// <summary>False when source or target did not resolve (the validator reports it); such a flow is never taken.</summary>
    public bool IsResolved { get; internal set; }
}

/// <summary>A node of an element type we read but do not execute (complex gateway, transaction, ad-hoc...).</summary>
public sealed class UnsupportedNode : FlowNode
{
    public required string BpmnElementName { get; init; }
    public override string ElementName => BpmnElementName;
}
