using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Bpmn;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime;

namespace WorkflowItsm.Itsm;

public static class ItsmServiceCollectionExtensions
{
    /// <summary>The ITSM domain: the engine with every service-task handler of the domain, and the runtime.</summary>
    public static IServiceCollection AddItsm(this IServiceCollection services)
    {
        services.AddBpmnEngine(typeof(ItsmServiceCollectionExtensions).Assembly);
        // Before the runtime, whose default (nobody listens) is only added when no sink is registered.
        services.AddScoped<Notifications.NotificationEventSink>();
        services.AddScoped<Incidents.IncidentTaskSync>();
        services.AddScoped<Runtime.Instances.IWorkflowEventSink, ItsmEventSink>();
        services.AddOptions<Notifications.SmtpOptions>();
        services.AddScoped<Notifications.NotificationTemplates>();
        services.AddScoped<Notifications.Notifier>();
        services.AddScoped<Notifications.NotificationPreferences>();
        services.AddScoped<Notifications.NotificationEmailJob>();
        services.AddScoped<Notifications.TaskDueJob>();
        services.AddWorkflowRuntime();
        services.AddScoped<Directory.DirectoryGroups>();
        services.AddScoped<Directory.DirectoryPeople>();
        services.AddScoped<Directory.ExternalAccounts>();
        services.AddRecordKernel();
        services.AddRecordKind<Incidents.Incident>(Records.RecordNumbers.Incident, Incidents.IncidentService.Kind);
        services.AddRecordKind<Problems.Problem>(Records.RecordNumbers.Problem, Problems.ProblemService.Kind);
        services.AddScoped<Incidents.PriorityMatrix>();
        services.AddScoped<Incidents.IncidentRouting>();
        services.AddScoped<Incidents.IncidentService>();
        services.AddScoped<Bpmn.Model.IFormValueSuggester, Incidents.IncidentCategorySuggester>();
        services.AddScoped<Incidents.IncidentQueries>();
        services.AddScoped<Problems.ProblemService>();
        services.AddScoped<Problems.ProblemQueries>();
        services.AddScoped<Problems.ProblemProposals>();
        services.AddScoped<Problems.RecurringIncidentDetectionJob>();
        services.AddScoped<ServiceLevels.BusinessCalendars>();
        services.AddScoped<ServiceLevels.SlaDefinitions>();
        services.AddScoped<ServiceLevels.SlaClocks>();
        services.AddScoped<ServiceLevels.SlaCheckJob>();
        services.AddScoped<ServiceLevels.SlaReconciliationJob>();
        services.AddScoped<ServiceLevels.SlaAdministration>();
        services.AddScoped<ServiceLevels.ServiceLevelReports>();
        services.AddScoped<Notifications.PeopleNotificationJob>();
        services.AddOptions<Incidents.IncidentOptions>();
        services.AddSingleton(serviceProvider => serviceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Incidents.IncidentOptions>>().Value);
        services.AddOptions<Problems.ProblemDetectionOptions>();
        services.AddSingleton(serviceProvider => serviceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Problems.ProblemDetectionOptions>>().Value);
        return services;
    }
}
