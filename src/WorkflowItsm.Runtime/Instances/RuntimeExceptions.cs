namespace WorkflowItsm.Runtime.Instances;

/// <summary>A key, version, instance or task that does not exist (404).</summary>
public sealed class RuntimeNotFoundException : Exception
{
    public RuntimeNotFoundException() { }
    public RuntimeNotFoundException(string message) : base(message) { }
    public RuntimeNotFoundException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>The request conflicts with the current state, e.g. completing a completed task (409).</summary>
public sealed class RuntimeConflictException : Exception
{
    public RuntimeConflictException() { }
    public RuntimeConflictException(string message) : base(message) { }
    public RuntimeConflictException(string message, Exception inner) : base(message, inner) { }
}
