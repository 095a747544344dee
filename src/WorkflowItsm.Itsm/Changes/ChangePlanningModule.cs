using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Calendars;
using WorkflowItsm.Itsm.Changes.Conflicts;
using WorkflowItsm.Itsm.Changes.Freezes;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Changes;

public static class ChangePlanningModule
{
    /// <summary>
    /// Planning changes: conflict detection (a plan observer, <c>Changes:Conflicts</c> settings), the next free slot,
    /// change freezes (a scheduling guard), on the shared maintenance and blackout windows.
    /// </summary>
    public static IServiceCollection AddChangePlanning(this IServiceCollection services)
    {
        services.AddCalendars();
        services.AddOptions<ChangeConflictOptions>().BindConfiguration("Changes:Conflicts");
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<ChangeConflictOptions>>().Value);
        services.AddScoped<ChangeConflictCheck>();
        services.AddScoped<IChangePlanObserver>(provider => provider.GetRequiredService<ChangeConflictCheck>());
        services.AddScoped<NextFreeSlot>();
        services.AddRecordKind<ChangeFreeze>(RecordNumbers.ChangeFreeze, ChangeFreezes.Kind);
        services.AddScoped<ChangeFreezes>();
        services.AddScoped<FreezeHolds>();
        services.AddScoped<IApprovalDecisionObserver, FreezeApprovalDecisions>();
        services.AddScoped<ChangeCalendar>();
        services.AddScoped<IChangeSchedulingGuard>(provider => provider.GetRequiredService<ChangeFreezes>());
        return services;
    }
}
