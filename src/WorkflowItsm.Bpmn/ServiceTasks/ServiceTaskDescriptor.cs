using System.Reflection;

namespace WorkflowItsm.Bpmn.ServiceTasks;

/// <summary>An input or output of a service-task handler, as its attributes declare it.</summary>
public sealed record ServiceTaskPropertyDescriptor(
    string Name,
    ServiceTaskPropertyType Type,
    string? Label,
    string? Description,
    bool Required,
    IReadOnlyList<string> Choices);

/// <summary>
/// What a service-task handler is called and what it takes and returns, read from its <see cref="ServiceTaskAttribute"/>,
/// <see cref="ServiceTaskInputAttribute"/>s and <see cref="ServiceTaskOutputAttribute"/>s.
/// </summary>
public sealed record ServiceTaskDescriptor(
    string Name,
    string DisplayName,
    string? Description,
    IReadOnlyList<ServiceTaskPropertyDescriptor> Inputs,
    IReadOnlyList<ServiceTaskPropertyDescriptor> Outputs,
    Type HandlerType)
{
    /// <summary>Reads a handler class's attributes.</summary>
    /// <exception cref="InvalidOperationException">The class is not a usable handler or its attributes contradict each other.</exception>
    public static ServiceTaskDescriptor FromType(Type handlerType)
    {
        if (!typeof(IServiceTaskHandler).IsAssignableFrom(handlerType) || handlerType.IsAbstract || handlerType.IsInterface)
        {
            throw new InvalidOperationException($"{handlerType.FullName} is not a concrete class implementing {nameof(IServiceTaskHandler)}");
        }

        var task = handlerType.GetCustomAttribute<ServiceTaskAttribute>()
            ?? throw new InvalidOperationException($"{handlerType.FullName} has no [ServiceTask(\"name\")] attribute");
        if (string.IsNullOrWhiteSpace(task.Name))
        {
            throw new InvalidOperationException($"{handlerType.FullName} has an empty [ServiceTask] name");
        }

        var inputs = handlerType.GetCustomAttributes<ServiceTaskInputAttribute>()
            .Select(i => new ServiceTaskPropertyDescriptor(i.Name, i.Type, i.Label, i.Description, i.Required, i.Choices ?? []))
            .ToArray();
        var outputs = handlerType.GetCustomAttributes<ServiceTaskOutputAttribute>()
            .Select(o => new ServiceTaskPropertyDescriptor(o.Name, o.Type, Label: null, o.Description, Required: false, Choices: []))
            .ToArray();
        RequireConsistent(handlerType, "input", inputs);
        RequireConsistent(handlerType, "output", outputs);

        return new ServiceTaskDescriptor(task.Name, task.DisplayName ?? task.Name, task.Description, inputs, outputs, handlerType);
    }

    private static void RequireConsistent(Type handlerType, string kind, ServiceTaskPropertyDescriptor[] properties)
    {
        var duplicate = properties.GroupBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"{handlerType.FullName} declares the {kind} '{duplicate.Key}' more than once");
        }

        var enumWithoutChoices = properties.FirstOrDefault(p => p.Type == ServiceTaskPropertyType.Enum && p.Choices.Count == 0);
        if (enumWithoutChoices is not null)
        {
            throw new InvalidOperationException($"{handlerType.FullName}: the {kind} '{enumWithoutChoices.Name}' is an Enum without Choices");
        }
    }
}
