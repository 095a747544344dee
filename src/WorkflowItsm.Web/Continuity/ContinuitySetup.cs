using MudBlazor;
using WorkflowItsm.Itsm.Continuity;
using WorkflowItsm.Web.Api;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Continuity;

internal static class ContinuitySetup
{
    /// <summary>The coverage and currency reminders are checked once a day, early.</summary>
    private const string ReminderCron = "0 6 * * *";

    /// <summary>
    /// IT service continuity: the domain module, its API, the default impact categories and the drill schedules'
    /// recurring jobs (declared again at every start), the daily coverage and currency reminders, demo data; its pages
    /// in the menu for staff, after the SLA report (the plan pages are linked from the overview, so the crawl reaches them).
    /// </summary>
    public static WebApplicationBuilder AddContinuityModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddContinuity();
        builder.Services.AddWebModule(new WebModule("Continuity")
        {
            Menu = [new MenuEntry(605, "Service continuity", Icons.Material.Filled.HealthAndSafety, "continuity") { Roles = MenuRoles.Staff }],
            Api = api => api.MapContinuityApi(),
            // The demo has no drill yet: the drill and report pages are crawled in their "no such drill" state (browser test 7 covers them filled).
            CrawlEntries = [new CrawlEntry("continuity/risks", MenuRoles.Staff), new CrawlEntry("continuity/analyses/new", MenuRoles.Staff),
                new CrawlEntry("continuity/plans/1/edit", MenuRoles.Staff), new CrawlEntry("continuity/drills/1", MenuRoles.Staff), new CrawlEntry("continuity/drills/1/report", MenuRoles.Staff)],
            RecurringJobs = jobs => jobs.AddOrUpdateRecurring<ContinuityReminderJob>(
                ContinuityReminderJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), ReminderCron),
            Startup = async (services, cancellationToken) =>
            {
                await services.GetRequiredService<BusinessImpactAnalyses>().EnsureDefaultCategoriesAsync(cancellationToken);
                await services.GetRequiredService<ContinuityApprovalDefaults>().EnsureAsync(cancellationToken);
                await services.GetRequiredService<ContinuityDrills>().DeclareAllAsync(cancellationToken);
            },
            DemoData = ContinuityDemoData.SeedAsync,
        });
        return builder;
    }
}
