namespace WorkflowItsm.Bpmn.Model;

/// <summary>How a Camunda execution or task listener is implemented.</summary>
public enum ListenerImplementationKind
{
    Class,
    Expression,
    DelegateExpression,
    Script,
}

/// <summary>
/// A <c>camunda:executionListener</c> (start, end, take) or <c>camunda:taskListener</c> (create, assignment,
/// complete). Expression and script listeners are executed; class and delegate-expression ones are rejected by
/// the validator.
/// </summary>
public sealed record Listener(string Event, ListenerImplementationKind Kind, string Implementation, string? ScriptFormat)
{
    /// <summary>For a task listener on "timeout": when it fires (a date, duration or cycle counted from the task's creation).</summary>
    public TimerEventDefinition? Timer { get; init; }
}
