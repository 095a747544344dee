using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Problems;

public static class ProblemsModule
{
    /// <summary>Problems and known errors, and the detection of recurring incidents (<c>Problems</c> settings). Stands on incidents.</summary>
    public static IServiceCollection AddProblems(this IServiceCollection services)
    {
        services.AddOptions<ProblemDetectionOptions>().BindConfiguration("Problems");
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<ProblemDetectionOptions>>().Value);
        services.AddRecordKind<Problem>(RecordNumbers.Problem, ProblemService.Kind);
        services.AddScoped<ProblemService>();
        services.AddScoped<ProblemQueries>();
        services.AddScoped<ProblemProposals>();
        services.AddScoped<RecurringIncidentDetectionJob>();
        return services;
    }
}
