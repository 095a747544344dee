using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Changes;

namespace WorkflowItsm.Itsm.Continuity;

public static class ContinuityModule
{
    /// <summary>IT service continuity: business impact analyses and gaps, plans with their critical path, the risk register, drills. Stands on the CMDB, changes, problems and notifications.</summary>
    public static IServiceCollection AddContinuity(this IServiceCollection services)
    {
        services.AddScoped<BusinessImpactAnalyses>();
        services.AddScoped<ContinuityPlans>();
        services.AddScoped<ContinuityRisks>();
        services.AddScoped<ContinuityDrills>();
        services.AddScoped<ContinuityDrillJob>();
        services.AddScoped<ContinuityReminderJob>();
        services.AddScoped<ContinuityQueries>();
        services.AddScoped<IChangeSchedulingGuard, ContinuityChangeReview>();
        return services;
    }
}
