using Hangfire;
using WorkflowItsm.Runtime.Jobs;
using MudBlazor;
using WorkflowItsm.Itsm.Problems;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Web.Api;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Problems;

internal static class ProblemsSetup
{
    /// <summary>Problems: the domain module, their pages in the menu, their API, links to PRB… records, the hourly detection of recurring incidents.</summary>
    public static WebApplicationBuilder AddProblemsModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblems();
        builder.Services.AddWebModule(new WebModule("Problems")
        {
            Menu = [new MenuEntry(500, "Problems", Icons.Material.Filled.BugReport, "problems") { Roles = MenuRoles.Staff }],
            Api = api => api.MapProblemsApi(),
            RecordPages = [new RecordPage(RecordNumbers.Problem, "problems")],
            RecurringJobs = jobs => jobs.AddOrUpdateRecurring<RecurringIncidentDetectionJob>(
                RecurringIncidentDetectionJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Hourly()),
        });
        return builder;
    }
}
