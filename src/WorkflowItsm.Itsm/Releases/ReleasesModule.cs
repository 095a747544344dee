using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Releases;

public static class ReleasesModule
{
    /// <summary>Release records (REL…) with their phases, gates, evidence, deployments and go/no-go. Stands on changes, the CMDB, the approval engine and the shared calendars.</summary>
    public static IServiceCollection AddReleases(this IServiceCollection services)
    {
        services.AddRecordKind<Release>(RecordNumbers.Release, ReleaseService.Kind);
        services.AddScoped<ReleaseService>();
        services.AddScoped<ReleaseGates>();
        services.AddScoped<ReleaseEvidence>();
        services.AddScoped<ReleaseGateExceptions>();
        services.AddScoped<DeploymentGate>();
        services.AddScoped<ReleaseDeployments>();
        services.AddScoped<ReleaseQueries>();
        services.AddScoped<ReleaseApprovalDefaults>();
        services.AddScoped<ReleaseGateTimerJob>();
        services.AddScoped<ReleaseWorkflowJob>();
        services.AddScoped<IApprovalDecisionObserver, ReleaseApprovalDecisions>();
        services.AddScoped<Changes.IChangeCalendarSource, ReleaseCalendarEntries>();
        return services;
    }
}
