using Microsoft.Extensions.DependencyInjection;

namespace WorkflowItsm.Itsm.ServiceLevels;

public static class ServiceLevelsModule
{
    /// <summary>Business calendars, SLA definitions and the clocks that run on records, with their checks and reports.</summary>
    public static IServiceCollection AddServiceLevels(this IServiceCollection services)
    {
        services.AddScoped<BusinessCalendars>();
        services.AddScoped<SlaDefinitions>();
        services.AddScoped<SlaClocks>();
        services.AddScoped<SlaCheckJob>();
        services.AddScoped<SlaReconciliationJob>();
        services.AddScoped<SlaAdministration>();
        services.AddScoped<ServiceLevelReports>();
        return services;
    }
}
