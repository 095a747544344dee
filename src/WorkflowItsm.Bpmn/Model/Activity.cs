namespace WorkflowItsm.Bpmn.Model;

/// <summary>Common part of tasks, sub-processes and call activities.</summary>
public abstract class Activity : FlowNode
{
    /// <summary><c>camunda:failedJobRetryTimeCycle</c>, for the runtime's retry policy (e.g. <c>R3/PT5M</c>).</summary>
    public string? FailedJobRetryTimeCycle { get; internal set; }

    public InputOutputMapping? InputOutput { get; internal set; }
    public MultiInstanceLoop? MultiInstance { get; internal set; }
    public string? DefaultFlowRef { get; internal set; }

    public SequenceFlow? DefaultFlow { get; internal set; }

    /// <summary><c>isForCompensation</c>: a compensation handler, run only when its activity is compensated.</summary>
    public bool IsForCompensation { get; internal set; }
    public IReadOnlyList<BoundaryEvent> BoundaryEvents { get; internal set; } = [];
}

/// <summary>A task without behaviour (BPMN "abstract" task): passes straight through.</summary>
public sealed class NoneTask : Activity
{
    public override string ElementName => "task";
}

/// <summary>Work done outside any system; passes straight through like a none task.</summary>
public sealed class ManualTask : Activity
{
    public override string ElementName => "manualTask";
}

/// <summary>Waits for a message (by name and correlation key).</summary>
public sealed class ReceiveTask : Activity
{
    public string? MessageRef { get; init; }
    public MessageDeclaration? Message { get; init; }
    public override string ElementName => "receiveTask";
}

public sealed class ScriptTask : Activity
{
    public string? ScriptFormat { get; init; }
    public string? Script { get; init; }

    /// <summary><c>camunda:resource</c>: an external script file (unsupported).</summary>
    public string? Resource { get; init; }

    public string? ResultVariable { get; init; }
    public override string ElementName => "scriptTask";
}

/// <summary>Which BPMN element a handler-backed task was.</summary>
public enum ServiceTaskKind
{
    Service,
    Send,
    BusinessRule,
}

/// <summary>A service, send or business-rule task: all three call a handler (or an external worker).</summary>
public sealed class ServiceTask : Activity
{
    public ServiceTaskKind Kind { get; init; }
    public ServiceImplementation? Implementation { get; init; }

    /// <summary>
    /// For external tasks: <c>camunda:errorEventDefinition</c>s, tried in order when the worker completes the task or
    /// reports its last failure; the first whose expression holds throws its BPMN error at the task instead.
    /// </summary>
    public IReadOnlyList<ExternalTaskErrorRule> ErrorRules { get; init; } = [];

    /// <summary>For business rule tasks: the DMN decision evaluated (<c>camunda:decisionRef</c>).</summary>
    public DecisionReference? Decision { get; init; }

    /// <summary>For send tasks: the message sent when no handler implements it.</summary>
    public MessageDeclaration? Message { get; init; }
    public string? MessageRef { get; init; }

    public override string ElementName => Kind switch
    {
        ServiceTaskKind.Send => "sendTask",
        ServiceTaskKind.BusinessRule => "businessRuleTask",
        _ => "serviceTask",
    };
}

/// <summary>An embedded sub-process, or an event sub-process when <see cref="TriggeredByEvent"/>.</summary>
public sealed class SubProcess : Activity, IFlowContainer
{
    public bool TriggeredByEvent { get; init; }

    /// <summary>
    /// A transaction sub-process (<c>transaction</c>): a cancel end event inside it cancels what still runs there,
    /// compensates what completed there, and leaves through its cancel boundary event.
    /// </summary>
    public bool IsTransaction { get; init; }

    public FlowGraph Graph { get; internal set; } = null!;
    public override string ElementName => IsTransaction ? "transaction" : TriggeredByEvent ? "subProcess(triggeredByEvent)" : "subProcess";

    /// <summary>The cancel boundary event of a transaction, if it has one.</summary>
    public BoundaryEvent? CancelBoundary => BoundaryEvents.FirstOrDefault(b => b.Definition is CancelEventDefinition);
}

/// <summary>
/// A <c>camunda:errorEventDefinition</c> of an external task: when <see cref="Expression"/> holds (read with the
/// worker's variables and <c>externalTask</c>: its error message and details), the error is thrown at the task.
/// Without an expression it never holds, as in Camunda 7.
/// </summary>
public sealed record ExternalTaskErrorRule(string Id, ErrorDeclaration Error, ExpressionText? Expression);
