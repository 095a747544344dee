using WorkflowItsm.Bpmn.Timers;

namespace WorkflowItsm.Bpmn.Model;

/// <summary>The trigger or result of an event. References to declarations are resolved by the parser.</summary>
public abstract record EventDefinition(string? Id);

/// <summary>A message event. Throwing message events may name a handler (Camunda allows one on the definition).</summary>
public sealed record MessageEventDefinition(string? Id, string? MessageRef, MessageDeclaration? Message) : EventDefinition(Id)
{
    public ServiceImplementation? Implementation { get; init; }
}

/// <summary>A timer event: one of date, duration or cycle (the text may be an expression).</summary>
public sealed record TimerEventDefinition(string? Id, TimerKind? Kind, ExpressionText? Value) : EventDefinition(Id);

public sealed record SignalEventDefinition(string? Id, string? SignalRef, SignalDeclaration? Signal) : EventDefinition(Id);

/// <summary>An error event; a catcher without an error (or with an error without code) catches every error.</summary>
public sealed record ErrorEventDefinition(string? Id, string? ErrorRef, ErrorDeclaration? Error) : EventDefinition(Id)
{
    /// <summary><c>camunda:errorCodeVariable</c>: where a catcher stores the caught code.</summary>
    public string? ErrorCodeVariable { get; init; }

    /// <summary><c>camunda:errorMessageVariable</c>: where a catcher stores the caught message.</summary>
    public string? ErrorMessageVariable { get; init; }

    public string? ErrorCode => Error?.ErrorCode;
}

public sealed record EscalationEventDefinition(string? Id, string? EscalationRef, EscalationDeclaration? Escalation) : EventDefinition(Id)
{
    /// <summary><c>camunda:escalationCodeVariable</c>: where a catcher stores the caught code.</summary>
    public string? EscalationCodeVariable { get; init; }

    public string? EscalationCode => Escalation?.EscalationCode;
}

public sealed record TerminateEventDefinition(string? Id) : EventDefinition(Id);

/// <summary>A link: a throw jumps to the catch with the same name in the same scope.</summary>
public sealed record LinkEventDefinition(string? Id, string? LinkName) : EventDefinition(Id);

/// <summary>
/// A conditional event: fires when its condition is true, evaluated on entering the wait (or creating the scope)
/// and again whenever a variable it can see is set. Camunda's <c>camunda:variableName</c> limits the re-evaluation to
/// one variable and <c>camunda:variableEvents</c> to some kinds of change (create, update, delete).
/// </summary>
public sealed record ConditionalEventDefinition(string? Id, ExpressionText? Condition, string? VariableName, IReadOnlyList<string> VariableEvents)
    : EventDefinition(Id)
{
    /// <summary>The <c>language</c> of the condition, when given.</summary>
    public string? ConditionLanguage { get; init; }
}

/// <summary>
/// A compensation event. Thrown (intermediate throw or end event) it compensates the completed activities of its
/// scope, or only <see cref="ActivityRef"/>; on a boundary it marks its activity's compensation handler (linked by
/// an association).
/// </summary>
public sealed record CompensateEventDefinition(string? Id, string? ActivityRef) : EventDefinition(Id);

/// <summary>
/// A cancel event: as an end event inside a transaction sub-process it cancels the transaction; as a boundary event
/// of the transaction it is where the flow goes on after that (once what completed inside is compensated).
/// </summary>
public sealed record CancelEventDefinition(string? Id) : EventDefinition(Id);

/// <summary>An event definition we read but do not execute.</summary>
public sealed record UnsupportedEventDefinition(string? Id, string ElementName) : EventDefinition(Id);
