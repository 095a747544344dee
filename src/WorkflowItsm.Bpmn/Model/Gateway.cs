namespace WorkflowItsm.Bpmn.Model;

public enum GatewayKind
{
    Exclusive,
    Parallel,
    Inclusive,
    EventBased,
}

public sealed class Gateway : FlowNode
{
    public required GatewayKind Kind { get; init; }
    public string? DefaultFlowRef { get; init; }
    public SequenceFlow? DefaultFlow { get; internal set; }

    /// <summary>True when more than one flow comes in: the gateway synchronises (parallel/inclusive).</summary>
    public bool IsJoin => Incoming.Count > 1;

    public override string ElementName => Kind switch
    {
        GatewayKind.Exclusive => "exclusiveGateway",
        GatewayKind.Parallel => "parallelGateway",
        GatewayKind.Inclusive => "inclusiveGateway",
        _ => "eventBasedGateway",
    };
}
