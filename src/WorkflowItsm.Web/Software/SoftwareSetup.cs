using Hangfire;
using MudBlazor;
using WorkflowItsm.Itsm.Assets.Software;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Software;

internal static class SoftwareSetup
{
    /// <summary>
    /// Software and licences: the domain module, the software pages in the staff menu, the /api/software endpoints,
    /// the nightly compliance run and the daily renewal reminders, and demo products.
    /// </summary>
    public static WebApplicationBuilder AddSoftwareModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddSoftwareAssets();
        builder.Services.AddWebModule(new WebModule("Software")
        {
            Menu = [new MenuEntry(560, "Software", Icons.Material.Filled.Apps, "software") { Roles = MenuRoles.Staff }],
            Api = api => api.MapSoftwareApi(),
            RecurringJobs = jobs =>
            {
                jobs.AddOrUpdateRecurring<LicenceComplianceJob>(LicenceComplianceJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Daily(2));
                jobs.AddOrUpdateRecurring<LicenceRenewalReminderJob>(LicenceRenewalReminderJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Daily(7));
            },
            CrawlEntries = [new CrawlEntry("software/expiring", MenuRoles.Staff), new CrawlEntry("software/entitlements/new", SoftwareDisplay.WriterRoles)],
            DemoData = SoftwareDemoData.SeedAsync,
        });
        return builder;
    }
}
