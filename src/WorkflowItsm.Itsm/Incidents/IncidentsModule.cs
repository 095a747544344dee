using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Itsm.Incidents;

public static class IncidentsModule
{
    /// <summary>
    /// Incidents (<c>Incidents</c> settings): the record, its priority matrix, routing and attachments, and the
    /// reaction keeping an incident and its workflow's tasks in step. Stands on the service levels (SLA clocks).
    /// </summary>
    public static IServiceCollection AddIncidents(this IServiceCollection services)
    {
        services.AddOptions<IncidentAttachmentOptions>().BindConfiguration(IncidentAttachmentOptions.Section)
            .Validate(attachments => attachments.MaxBytes is > 0 and < int.MaxValue, "Incidents:Attachments:MaxBytes must be more than 0 and less than 2 GiB.");
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<IncidentAttachmentOptions>>().Value);
        services.AddOptions<IncidentOptions>().BindConfiguration("Incidents");
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<IncidentOptions>>().Value);

        // One per scope: the incident service marks what changed, the same instance follows it after the commit.
        services.AddScoped<IncidentTaskSync>();
        services.AddScoped<IWorkflowEventSink>(provider => provider.GetRequiredService<IncidentTaskSync>());
        services.AddScoped<PriorityMatrix>();
        services.AddScoped<IncidentRouting>();
        services.AddScoped<IncidentService>();
        services.AddScoped<Bpmn.Model.IFormValueSuggester, IncidentCategorySuggester>();
        services.AddScoped<IncidentAttachments>();
        services.AddScoped<IncidentQueries>();
        return services;
    }
}
