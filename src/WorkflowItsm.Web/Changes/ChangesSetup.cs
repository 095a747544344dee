using Hangfire;
using MudBlazor;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Changes.Risk;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Web.Api;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Changes;

internal static class ChangesSetup
{
    /// <summary>Changes: the domain module, the approval rules their workflows name, their pages in the menu, their API, links to CHG… records, the nightly success scores, demo changes.</summary>
    public static WebApplicationBuilder AddChangesModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddChanges();
        builder.Services.AddWebModule(new WebModule("Changes")
        {
            Menu = [new MenuEntry(505, "Changes", Icons.Material.Filled.PublishedWithChanges, "changes") { Roles = MenuRoles.Staff, Section = MenuSections.ChangeAndRelease }],
            Api = api => api.MapChangesApi(),
            RecordPages = [new RecordPage(RecordNumbers.Change, "changes")],
            RecurringJobs = jobs => jobs.AddOrUpdateRecurring<ChangeSuccessScoreJob>(
                ChangeSuccessScoreJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Daily(2)),
            CrawlEntries =
            [
                new CrawlEntry("changes/new", $"{Roles.Agent},{Roles.ChangeManager},{Roles.Admin}"),
                new CrawlEntry("changes/templates", $"{Roles.ChangeManager},{Roles.Admin}"),
                new CrawlEntry("changes/risk", $"{Roles.ChangeManager},{Roles.Admin}"),
            ],
            Startup = (services, cancellationToken) => services.GetRequiredService<ChangeApprovalDefaults>().EnsureAsync(cancellationToken),
            DemoData = ChangesDemoData.SeedAsync,
        });
        return builder;
    }
}
