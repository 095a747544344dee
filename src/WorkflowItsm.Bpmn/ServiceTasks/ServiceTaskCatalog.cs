namespace WorkflowItsm.Bpmn.ServiceTasks;

/// <summary>
/// The handler descriptions collected while services are registered; a singleton that outlives every scope.
/// A second class claiming a taken name is refused at registration, not discovered when a process runs.
/// </summary>
internal sealed class ServiceTaskCatalog
{
    private readonly Dictionary<string, ServiceTaskDescriptor> _byName = new(StringComparer.Ordinal);
    private ServiceTaskDescriptor[]? _ordered;

    public IReadOnlyCollection<ServiceTaskDescriptor> Handlers => _ordered ??= [.. _byName.Values.OrderBy(d => d.Name, StringComparer.Ordinal)];

    public bool TryGet(string name, out ServiceTaskDescriptor? descriptor) => _byName.TryGetValue(name, out descriptor);

    /// <summary>Adds a handler type; returns false when that same type is already registered.</summary>
    /// <exception cref="InvalidOperationException">Another class already uses the name.</exception>
    public bool Add(Type handlerType)
    {
        var descriptor = ServiceTaskDescriptor.FromType(handlerType);
        if (_byName.TryGetValue(descriptor.Name, out var existing))
        {
            return existing.HandlerType == handlerType
                ? false
                : throw new InvalidOperationException(
                    $"The service task name '{descriptor.Name}' is used by both {existing.HandlerType.FullName} and {handlerType.FullName}");
        }

        _byName.Add(descriptor.Name, descriptor);
        _ordered = null;
        return true;
    }
}
