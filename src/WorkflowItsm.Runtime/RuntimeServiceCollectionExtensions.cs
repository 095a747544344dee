using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Runtime.Deployments;

namespace WorkflowItsm.Runtime;

public static class RuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the durable runtime's use cases. The host registers the engine (AddBpmnEngine) and a scoped
    /// <see cref="Persistence.WorkflowDbContext"/> (the product's context).
    /// </summary>
    public static IServiceCollection AddWorkflowRuntime(this IServiceCollection services)
    {
        services.AddScoped<ProcessDeployer>();
        services.AddScoped<ProcessDefinitionQueries>();
        return services;
    }
}
