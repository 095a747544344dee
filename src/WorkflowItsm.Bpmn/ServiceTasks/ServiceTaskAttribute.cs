namespace WorkflowItsm.Bpmn.ServiceTasks;

/// <summary>
/// Names a service-task handler (the name BPMN refers to through <c>camunda:delegateExpression="${name}"</c> or
/// <c>camunda:class="name"</c>) and describes it for the designer's palette (element templates).
/// Typed input and output properties are declared with <see cref="ServiceTaskInputAttribute"/> and
/// <see cref="ServiceTaskOutputAttribute"/> on the same class.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ServiceTaskAttribute(string name) : Attribute
{
    public string Name { get; } = name;
    public string? DisplayName { get; init; }
    public string? Description { get; init; }
}

/// <summary>The type of a handler's input or output property, as the designer offers it.</summary>
public enum ServiceTaskPropertyType
{
    String,
    Text,
    Long,
    Double,
    Boolean,
    Date,
    Enum,
    Json,
}

/// <summary>An input the handler reads (mapped from the task's <c>camunda:inputOutput</c> input parameters).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ServiceTaskInputAttribute(string name, ServiceTaskPropertyType type) : Attribute
{
    public string Name { get; } = name;
    public ServiceTaskPropertyType Type { get; } = type;
    public string? Label { get; init; }
    public string? Description { get; init; }
    public bool Required { get; init; }
    /// <summary>Allowed values for <see cref="ServiceTaskPropertyType.Enum"/>.</summary>
    public string[]? Choices { get; init; }
}

/// <summary>An output the handler returns (becomes a process variable of the same name unless mapped).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ServiceTaskOutputAttribute(string name, ServiceTaskPropertyType type) : Attribute
{
    public string Name { get; } = name;
    public ServiceTaskPropertyType Type { get; } = type;
    public string? Description { get; init; }
}
