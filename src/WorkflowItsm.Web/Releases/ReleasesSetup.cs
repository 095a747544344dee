using MudBlazor;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.Releases;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Web.Api;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Releases;

internal static class ReleasesSetup
{
    /// <summary>How often the gate timer evaluates the releases in progress.</summary>
    private const string GateTimerCron = "*/5 * * * *";

    /// <summary>
    /// Releases: the domain module, the go/no-go approval rule (ensured at every start), their pages in the menu
    /// (next to the changes), their API, links to REL… records, the gate timer, demo releases.
    /// </summary>
    public static WebApplicationBuilder AddReleasesModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddReleases();
        builder.Services.AddWebModule(new WebModule("Releases")
        {
            Menu = [new MenuEntry(516, "Releases", Icons.Material.Filled.RocketLaunch, "releases") { Roles = MenuRoles.Staff, Section = MenuSections.ChangeAndRelease }],
            Api = api => api.MapReleasesApi(),
            RecordPages = [new RecordPage(RecordNumbers.Release, "releases")],
            CrawlEntries = [new CrawlEntry("releases/new", $"{Roles.Agent},{Roles.ChangeManager},{Roles.Admin}")],
            RecurringJobs = jobs => jobs.AddOrUpdateRecurring<ReleaseGateTimerJob>(
                ReleaseGateTimerJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), GateTimerCron),
            Startup = (services, cancellationToken) => services.GetRequiredService<ReleaseApprovalDefaults>().EnsureAsync(cancellationToken),
            DemoData = ReleasesDemoData.SeedAsync,
        });
        return builder;
    }
}
