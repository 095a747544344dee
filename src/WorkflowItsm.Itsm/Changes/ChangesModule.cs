using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Changes.Cab;
using WorkflowItsm.Itsm.Changes.Risk;
using WorkflowItsm.Itsm.Changes.Templates;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Changes;

public static class ChangesModule
{
    /// <summary>Change records (CHG…) and what is their own: types, risk, standard templates, CAB, conflicts, freezes. Stands on the CMDB.</summary>
    public static IServiceCollection AddChanges(this IServiceCollection services)
    {
        services.AddRecordKind<Change>(RecordNumbers.Change, ChangeService.Kind);
        services.AddScoped<CabDefinitions>();
        services.AddScoped<CabMeetings>();
        services.AddScoped<IApprovalDecisionObserver, CabVoteDecisions>();
        services.AddScoped<CabAgendaJob>();
        services.AddScoped<ChangeService>();
        services.AddScoped<ChangeQueries>();
        services.AddScoped<ChangeApprovalHistory>();
        services.AddScoped<ChangeApprovalDefaults>();
        services.AddScoped<StandardChangeCatalog>();
        services.AddScoped<ChangeRiskAssessment>();
        services.AddScoped<ChangeRiskSettings>();
        services.AddScoped<ChangeRiskQuestionnaire>();
        services.AddScoped<ChangeSuccessScores>();
        services.AddScoped<ChangeSuccessScoreJob>();
        return services;
    }
}
