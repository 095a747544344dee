using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Changes.Cab;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Changes;

public static class ChangesModule
{
    /// <summary>Change records (CHG…) and what is their own: types, risk, standard templates, CAB, conflicts, freezes. Stands on the CMDB.</summary>
    public static IServiceCollection AddChanges(this IServiceCollection services)
    {
        services.AddRecordKind<Change>(RecordNumbers.Change, "change");
        services.AddScoped<CabDefinitions>();
        services.AddScoped<CabMeetings>();
        services.AddScoped<CabAgendaJob>();
        return services;
    }
}
