using System.Diagnostics.CodeAnalysis;

namespace WorkflowItsm.Bpmn.ServiceTasks;

/// <summary>The service-task handlers this host can run, by the name BPMN refers to them with.</summary>
public interface IServiceTaskRegistry
{
    /// <summary>Creates the handler registered under <paramref name="name"/>; false when there is none.</summary>
    bool TryGet(string name, [MaybeNullWhen(false)] out IServiceTaskHandler handler);

    /// <summary>Every registered handler's description, ordered by name (the designer's palette).</summary>
    IReadOnlyCollection<ServiceTaskDescriptor> Handlers { get; }
}
