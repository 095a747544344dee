using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Itsm.Incidents;

public static class IncidentsModule
{
    /// <summary>
    /// Incidents (<c>Incidents</c> settings): the record, its routing, and the
    /// reaction keeping an incident and its workflow's tasks in step. Stands on the service levels (SLA clocks).
    /// </summary>
    public static IServiceCollection AddIncidents(this IServiceCollection services)
    {
        services.AddRecordKind<Incident>(RecordNumbers.Incident, IncidentService.Kind);
        services.AddOptions<IncidentOptions>().BindConfiguration("Incidents");
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<IncidentOptions>>().Value);

        // One per scope: the incident service marks what changed, the same instance follows it after the commit.
        services.AddScoped<IncidentTaskSync>();
        services.AddScoped<IWorkflowEventSink>(provider => provider.GetRequiredService<IncidentTaskSync>());
        services.AddScoped<IncidentRouting>();
        services.AddScoped<IncidentRoutingRules>();
        services.AddScoped<IncidentService>();
        services.AddScoped<IncidentTriageJob>();
        services.AddScoped<MajorIncidentOffers>();
        services.AddScoped<IncidentCaller>();
        services.AddScoped<Bpmn.Model.IFormValueSuggester, IncidentCategorySuggester>();
        services.AddScoped<IncidentQueries>();
        return services;
    }
}
