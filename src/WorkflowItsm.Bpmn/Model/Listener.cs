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
/// complete). Expression and script listeners are evaluated; a class or delegate-expression listener calls the
/// service-task handler registered under its Java class or bean name, as a Java delegate does (<see cref="HandlerName"/>).
/// </summary>
public sealed record Listener(string Event, ListenerImplementationKind Kind, string Implementation, string? ScriptFormat)
{
    /// <summary>For a task listener on "timeout": when it fires (a date, duration or cycle counted from the task's creation).</summary>
    public TimerEventDefinition? Timer { get; init; }

    /// <summary>The handler a class or delegate-expression listener calls (the class name, or the text inside <c>${...}</c>); null for the others.</summary>
    public string? HandlerName => Kind switch
    {
        ListenerImplementationKind.Class => ServiceImplementation.HandlerNameOf(ImplementationKind.Class, Implementation),
        ListenerImplementationKind.DelegateExpression => ServiceImplementation.HandlerNameOf(ImplementationKind.DelegateExpression, Implementation),
        _ => null,
    };
}
