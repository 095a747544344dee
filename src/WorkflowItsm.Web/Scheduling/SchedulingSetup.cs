using Hangfire;
using MudBlazor;
using WorkflowItsm.Web.Modules;
using WorkflowItsm.Web.Hosting;

namespace WorkflowItsm.Web.Scheduling;

/// <summary>Hangfire on the same database as the product, with a server in this host.</summary>
internal static class SchedulingSetup
{
    public static IServiceCollection AddScheduling(this IServiceCollection services)
    {
        services.AddHangfire((serviceProvider, hangfire) =>
        {
            var database = serviceProvider.GetRequiredService<DatabaseSettings>();
            hangfire.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            database.Provider.ConfigureHangfireStorage(hangfire, database.ConnectionString);
        });
        services.AddHangfireServer(server =>
        {
            // Delayed jobs (timers) are moved to the queue at this interval: timers fire within about a second.
            server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
        });
        services.AddWebModule(new WebModule("Scheduling")
        {
            Menu = [new MenuEntry(1100, "Jobs (Hangfire)", Icons.Material.Filled.Schedule, "hangfire") { Roles = MenuRoles.Admins, ForceLoad = true }],
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
