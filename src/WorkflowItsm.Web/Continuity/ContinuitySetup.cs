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
    /// recurring jobs (declared again at every start), the daily coverage and currency reminders, demo data. No pages yet, so no menu entry or crawl entry.
    /// </summary>
    public static WebApplicationBuilder AddContinuityModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddContinuity();
        builder.Services.AddWebModule(new WebModule("Continuity")
        {
            Api = api => api.MapContinuityApi(),
            RecurringJobs = jobs => jobs.AddOrUpdateRecurring<ContinuityReminderJob>(
                ContinuityReminderJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), ReminderCron),
            Startup = async (services, cancellationToken) =>
            {
                await services.GetRequiredService<BusinessImpactAnalyses>().EnsureDefaultCategoriesAsync(cancellationToken);
                await services.GetRequiredService<ContinuityDrills>().DeclareAllAsync(cancellationToken);
            },
            DemoData = ContinuityDemoData.SeedAsync,
        });
        return builder;
    }
}
