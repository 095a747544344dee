using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Web.Modules;
using WorkflowItsm.Web.Scheduling;

namespace WorkflowItsm.Web.Hosting;

/// <summary>What a host does before it serves: migrate, seed the directory and each module's reference data, deploy the bundled workflows, demo data if asked, match the services and CIs of records from before the CMDB, declare recurring jobs.</summary>
internal static partial class StartupSteps
{
    /// <param name="hostServices">The host's service registrations: the demo seeder replays history on a copy of them.</param>
    public static async Task RunStartupStepsAsync(this WebApplication app, IServiceCollection hostServices)
    {
        var stopping = app.Lifetime.ApplicationStopping;
        await DatabaseStartup.MigrateAsync(app.Services, stopping);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DirectorySeeder>().SeedAsync(stopping);
        }

        foreach (var module in app.Services.GetServices<WebModule>().Where(m => m.Startup is not null))
        {
            await using var scope = app.Services.CreateAsyncScope();
            await module.Startup!(scope.ServiceProvider, stopping);
        }

        await WorkflowStartup.DeployBundledWorkflowsAsync(app.Services, app.Configuration, app.Logger, stopping);
        if (app.Configuration.GetValue("Seed:DemoData", false))
        {
            await DemoDataSeeder.SeedIfEmptyAsync(hostServices, app.Services, app.Configuration, app.Logger, stopping);
            foreach (var module in app.Services.GetServices<WebModule>().Where(m => m.DemoData is not null))
            {
                await using var scope = app.Services.CreateAsyncScope();
                await module.DemoData!(scope.ServiceProvider, stopping);
            }
        }

        // After the demo's CMDB: the names of records from before it are matched to its CIs (nothing to do once they are).
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var migrated = await scope.ServiceProvider.GetRequiredService<ServiceNamesMigration>().RunAsync(stopping);
            if (migrated.DidAnything)
            {
                LogMigrated(app.Logger, migrated.Matched, migrated.KeptAsNotes, migrated.SlaDefinitionsMatched, migrated.SlaDefinitionsDeactivated);
            }
        }

        RecurringJobs.Register(app.Services);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Services and CIs from before the CMDB: {Matched} matched to CIs, {Notes} kept in work notes; SLA definitions: {SlaMatched} matched, {SlaOff} switched off")]
    private static partial void LogMigrated(ILogger logger, int matched, int notes, int slaMatched, int slaOff);
}
