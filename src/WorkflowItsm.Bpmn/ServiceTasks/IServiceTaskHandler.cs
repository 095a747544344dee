namespace WorkflowItsm.Bpmn.ServiceTasks;

/// <summary>
/// A C# activity that service tasks (and business-rule and send tasks) call. Implementations carry a
/// <see cref="ServiceTaskAttribute"/> and are registered by assembly scanning.
/// Throw <see cref="BpmnErrorException"/> for a business error that boundary events may catch; any other
/// exception is a technical failure the runtime retries and finally turns into a fault.
/// </summary>
public interface IServiceTaskHandler
{
    ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken);
}

/// <summary>What a handler is given: its mapped inputs, all visible variables, and where it runs.</summary>
public sealed record ServiceTaskContext(
    string ProcessInstanceId,
    string? BusinessKey,
    string ElementId,
    IReadOnlyDictionary<string, object?> Inputs,
    IReadOnlyDictionary<string, object?> Variables)
{
    /// <summary>The task's <c>camunda:field</c> injections, expressions evaluated for this call (Camunda sets them on the Java delegate).</summary>
    public IReadOnlyDictionary<string, object?> Fields { get; init; } = NoFields;

    private static readonly IReadOnlyDictionary<string, object?> NoFields = new Dictionary<string, object?>();
}

/// <summary>What a handler returns: output values, set as variables (through output mappings when present).</summary>
public sealed record ServiceTaskResult(IReadOnlyDictionary<string, object?> Outputs)
{
    public static ServiceTaskResult Empty { get; } = new(new Dictionary<string, object?>());

    public static ServiceTaskResult With(params (string Name, object? Value)[] outputs) =>
        new(outputs.ToDictionary(o => o.Name, o => o.Value));
}

/// <summary>A BPMN business error, caught by the nearest matching error boundary or event sub-process.</summary>
public sealed class BpmnErrorException : Exception
{
    public BpmnErrorException() : this("error") { }
    public BpmnErrorException(string errorCode) : this(errorCode, errorCode) { }
    public BpmnErrorException(string message, Exception inner) : base(message, inner) => ErrorCode = message;
    public BpmnErrorException(string errorCode, string message) : base(message) => ErrorCode = errorCode;

    public string ErrorCode { get; }
}
