using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WorkflowItsm.Bpmn;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Continuity;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Assets;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Escalations;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Problems;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.Releases;
using WorkflowItsm.Itsm.Requests;
using WorkflowItsm.Itsm.ServiceLevels;
using WorkflowItsm.Runtime;

namespace WorkflowItsm.Itsm;

public static class ItsmServiceCollectionExtensions
{
    /// <summary>
    /// The whole ITSM domain without a host (tests, tools): the kernel and every practice. Their options keep their
    /// defaults unless an <see cref="IConfiguration"/> is registered (a host has one; the web host adds each
    /// practice on its own instead).
    /// </summary>
    public static IServiceCollection AddItsm(this IServiceCollection services)
    {
        services.TryAddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        return services.AddItsmKernel()
            .AddDirectory()
            .AddNotifications()
            .AddServiceLevels()
            .AddIncidents()
            .AddProblems()
            .AddConfiguration()
            .AddAssets()
            .AddChanges()
            .AddApprovals()
            .AddChangePlanning()
            .AddReleases()
            .AddRequests()
            .AddEscalations()
            .AddContinuity();
    }

    /// <summary>What every practice stands on: the engine with the domain's service-task handlers, the runtime, the record kernel.</summary>
    public static IServiceCollection AddItsmKernel(this IServiceCollection services)
    {
        services.AddBpmnEngine(typeof(ItsmServiceCollectionExtensions).Assembly);
        services.AddWorkflowRuntime();
        return services.AddRecords();
    }
}
