using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scrutor;
using WorkflowItsm.Bpmn.Expressions;
using WorkflowItsm.Bpmn.ServiceTasks;

namespace WorkflowItsm.Bpmn;

/// <summary>Registers the engine's services: script engine, clock, service-task handlers and their registry.</summary>
public static class BpmnServiceCollectionExtensions
{
    /// <summary>
    /// Adds the engine with default sandbox limits and every public <see cref="IServiceTaskHandler"/> class carrying
    /// <see cref="ServiceTaskAttribute"/> in <paramref name="handlerAssemblies"/> (scoped).
    /// </summary>
    /// <exception cref="InvalidOperationException">Two handler classes claim the same name.</exception>
    public static IServiceCollection AddBpmnEngine(this IServiceCollection services, params Assembly[] handlerAssemblies) =>
        services.AddBpmnEngine(configureSandbox: null, handlerAssemblies);

    /// <inheritdoc cref="AddBpmnEngine(IServiceCollection, Assembly[])"/>
    /// <param name="services">The service collection.</param>
    /// <param name="configureSandbox">Changes the script sandbox's limits; applied once, when the script engine is created.</param>
    /// <param name="handlerAssemblies">Assemblies to scan for handlers.</param>
    public static IServiceCollection AddBpmnEngine(
        this IServiceCollection services,
        Action<ScriptSandboxOptions>? configureSandbox,
        params Assembly[] handlerAssemblies)
    {
        services.TryAddSingleton<IScriptEngine>(_ =>
        {
            var options = new ScriptSandboxOptions();
            configureSandbox?.Invoke(options);
            return new JintScriptEngine(options);
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<IServiceTaskRegistry, ScopedServiceTaskRegistry>();

        services.Scan(scan => scan
            .FromAssemblies(handlerAssemblies)
            .AddClasses(classes => classes.AssignableTo<IServiceTaskHandler>().WithAttribute<ServiceTaskAttribute>())
            .UsingRegistrationStrategy(RegistrationStrategy.Skip)
            .AsSelf()
            .WithScopedLifetime());

        // Catalogue every handler registered as itself, also one the host registered before (which Skip left alone).
        var handlerTypes = services
            .Where(d => !d.IsKeyedService && d.ServiceType == d.ImplementationType && typeof(IServiceTaskHandler).IsAssignableFrom(d.ServiceType)
                && d.ServiceType.IsDefined(typeof(ServiceTaskAttribute), inherit: false))
            .Select(d => d.ServiceType)
            .ToList();
        var catalog = Catalog(services);
        foreach (var handlerType in handlerTypes)
        {
            catalog.Add(handlerType);
        }

        return services;
    }

    /// <summary>Registers one handler class explicitly (scoped), e.g. one that is not public or lives elsewhere.</summary>
    /// <exception cref="InvalidOperationException">Another handler class already uses its name, or it is no handler.</exception>
    public static IServiceCollection AddServiceTaskHandler(this IServiceCollection services, Type handlerType)
    {
        if (Catalog(services).Add(handlerType))
        {
            services.TryAddScoped(handlerType);
        }

        return services;
    }

    /// <inheritdoc cref="AddServiceTaskHandler(IServiceCollection, Type)"/>
    public static IServiceCollection AddServiceTaskHandler<THandler>(this IServiceCollection services)
        where THandler : class, IServiceTaskHandler =>
        services.AddServiceTaskHandler(typeof(THandler));

    /// <summary>The one catalog of this service collection, kept as a registered instance so repeated calls add to it.</summary>
    private static ServiceTaskCatalog Catalog(IServiceCollection services)
    {
        if (services.FirstOrDefault(d => !d.IsKeyedService && d.ServiceType == typeof(ServiceTaskCatalog))?.ImplementationInstance is ServiceTaskCatalog existing)
        {
            return existing;
        }

        var catalog = new ServiceTaskCatalog();
        services.AddSingleton(catalog);
        return catalog;
    }
}
