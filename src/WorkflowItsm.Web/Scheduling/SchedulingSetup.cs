using Hangfire;
using Hangfire.AspNetCore;
using MudBlazor;
using WorkflowItsm.Web.Modules;
using WorkflowItsm.Web.Hosting;

namespace WorkflowItsm.Web.Scheduling;

/// <summary>Hangfire on the same database as the product, with a server in this host.</summary>
internal static class SchedulingSetup
{
    public static IServiceCollection AddScheduling(this IServiceCollection services)
    {
        // Each host takes its storage and job activator from its own container. Hangfire's defaults read process-wide
        // statics (JobStorage.Current, JobActivator.Current) that the host configured last owns, so two hosts in one
        // process (the Web tests run side by side) would schedule into, and run jobs from, each other's database.
        services.AddSingleton<JobStorage>(serviceProvider =>
        {
            var database = serviceProvider.GetRequiredService<DatabaseSettings>();
            return database.Provider.ConfigureHangfireStorage(serviceProvider.GetRequiredService<IGlobalConfiguration>(), database.ConnectionString);
        });
        services.AddSingleton<JobActivator>(serviceProvider => new AspNetCoreJobActivator(serviceProvider.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((serviceProvider, hangfire) => hangfire.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HostLogProvider(serviceProvider.GetRequiredService<ILoggerFactory>())));
        services.AddHangfireServer(server =>
        {
            // Delayed jobs (timers) are moved to the queue at this interval: timers fire within about a second.
            server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
        });
        services.AddWebModule(new WebModule("Scheduling")
        {
            Menu = [new MenuEntry(1100, "Jobs (Hangfire)", Icons.Material.Filled.Schedule, "hangfire") { Roles = MenuRoles.Admins, ForceLoad = true, Section = MenuSections.Administration }],
        });
        return services;
    }

    public static IEndpointRouteBuilder MapSchedulingDashboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new AdminOnlyDashboardFilter()],
            AppPath = "/",
            DashboardTitle = "WorkflowItsm jobs",
        });
        return endpoints;
    }
}
