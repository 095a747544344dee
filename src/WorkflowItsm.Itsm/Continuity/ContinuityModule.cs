using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Continuity;

public static class ContinuityModule
{
    /// <summary>IT service continuity: business impact analyses and gaps, plans with their critical path, the risk register, drills. Stands on the CMDB, changes, problems and notifications.</summary>
    public static IServiceCollection AddContinuity(this IServiceCollection services)
    {
        services.AddRecordKind<BusinessImpactAnalysis>(RecordNumbers.BusinessImpactAnalysis, BusinessImpactAnalyses.Kind);
        services.AddScoped<BusinessImpactAnalyses>();
        services.AddScoped<IApprovalDecisionObserver, BiaApprovalDecisions>();
        services.AddScoped<ContinuityApprovalDefaults>();
        services.AddScoped<ContinuityPlans>();
        services.AddScoped<ContinuityRisks>();
        services.AddScoped<ContinuityDrills>();
        services.AddScoped<ContinuityDrillJob>();
        services.AddScoped<ContinuityReminderJob>();
        services.AddScoped<ContinuityQueries>();
        services.AddScoped<WorkflowItsm.Runtime.HumanTasks.IHumanTaskCompletionCheck, ContinuityStepTaskCheck>();
        // Listed before the other scheduling guards: the freeze guard stays the one resolved on its own, and the change
        // service runs this one too (a refusal after it leaves the change, and so the mark, unsaved).
        var review = ServiceDescriptor.Scoped<IChangeSchedulingGuard, ContinuityChangeReview>();
        var first = services.Select((d, i) => (d, i)).Where(x => x.d.ServiceType == typeof(IChangeSchedulingGuard)).Select(x => (int?)x.i).FirstOrDefault();
        if (first is { } at)
        {
            services.Insert(at, review);
        }
        else
        {
            services.Add(review);
        }

        return services;
    }
}
