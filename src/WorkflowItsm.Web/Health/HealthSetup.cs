using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Web.Health;

/// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: the database and Hangfire storage answer.</summary>
internal static class HealthSetup
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddDbContextCheck<ItsmDbContext>("database", tags: [ReadyTag])
            .AddCheck<HangfireStorageHealthCheck>("hangfire-storage", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return endpoints;
    }
}
