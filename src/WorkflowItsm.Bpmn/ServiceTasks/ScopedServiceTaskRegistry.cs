using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;

namespace WorkflowItsm.Bpmn.ServiceTasks;

/// <summary>
/// Resolves handlers from the current DI scope, so a handler may depend on scoped services (a DbContext) and
/// shares the scope's unit of work with the trigger that runs it.
/// </summary>
internal sealed class ScopedServiceTaskRegistry(IServiceProvider services, ServiceTaskCatalog catalog) : IServiceTaskRegistry
{
    public IReadOnlyCollection<ServiceTaskDescriptor> Handlers => catalog.Handlers;

    public bool TryGet(string name, [MaybeNullWhen(false)] out IServiceTaskHandler handler)
    {
        if (catalog.TryGet(name, out var descriptor))
        {
            handler = (IServiceTaskHandler)services.GetRequiredService(descriptor!.HandlerType);
            return true;
        }

        handler = null;
        return false;
    }
}
