using Microsoft.Extensions.DependencyInjection;

namespace WorkflowItsm.Itsm.Escalations;

public static class EscalationsModule
{
    /// <summary>On-call schedules, escalation policies run on P1 incidents, SLA warnings and breaches and failed changes (durable timers through the jobs port), acknowledgement, manual escalation.</summary>
    public static IServiceCollection AddEscalations(this IServiceCollection services)
    {
        services.AddScoped<OnCallSchedules>();
        services.AddScoped<OnCallSwaps>();
        services.AddScoped<OnCallFeeds>();
        services.AddScoped<OnCallChannels>();
        services.AddScoped<EscalationReports>();
        services.AddScoped<EscalationPolicies>();
        services.AddScoped<EscalationService>();
        services.AddScoped<ManualEscalations>();
        services.AddScoped<EscalationTimerJob>();
        services.AddScoped<EscalationTriggerJob>();
        services.AddScoped<EscalationTriggers>();
        services.AddScoped<Incidents.IIncidentRaisedObserver>(s => s.GetRequiredService<EscalationTriggers>());
        services.AddScoped<ServiceLevels.ISlaEventObserver>(s => s.GetRequiredService<EscalationTriggers>());
        services.AddScoped<Changes.IChangeClosedObserver>(s => s.GetRequiredService<EscalationTriggers>());
        return services;
    }
}
