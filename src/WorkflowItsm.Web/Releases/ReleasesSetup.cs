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
    /// Releases: the domain module, the go/no-go approval rule (ensured at every start), their API, the gate timer,
    /// demo releases. No menu and no pages yet (the next round adds them with the release-gating workflow).
    /// </summary>
    public static WebApplicationBuilder AddReleasesModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddReleases();
        builder.Services.AddWebModule(new WebModule("Releases")
        {
            Api = api => api.MapReleasesApi(),
            RecurringJobs = jobs => jobs.AddOrUpdateRecurring<ReleaseGateTimerJob>(
                ReleaseGateTimerJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), GateTimerCron),
            Startup = (services, cancellationToken) => services.GetRequiredService<ReleaseApprovalDefaults>().EnsureAsync(cancellationToken),
            DemoData = ReleasesDemoData.SeedAsync,
        });
        return builder;
    }
}
