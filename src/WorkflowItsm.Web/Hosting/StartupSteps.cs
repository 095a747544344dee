using WorkflowItsm.Web.Modules;
using WorkflowItsm.Web.Scheduling;

namespace WorkflowItsm.Web.Hosting;

/// <summary>What a host does before it serves: migrate, seed the directory, deploy the bundled workflows, demo data if asked, declare recurring jobs.</summary>
internal static class StartupSteps
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

        RecurringJobs.Register(app.Services);
    }
}
