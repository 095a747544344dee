using MudBlazor;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Home;

internal static class HomeSetup
{
    /// <summary>The home page: each signed-in person's start of the day, by role (a requester's is the portal).</summary>
    public static IServiceCollection AddHome(this IServiceCollection services)
    {
        services.AddScoped<HomeSummaries>();
        services.AddWebModule(new WebModule("Home")
        {
            Menu = [new MenuEntry(0, "Home", Icons.Material.Filled.Home, "") { Public = true }],
            // Where the sign-in cookie sends someone to a page their roles do not open: no page links it.
            // The password reset link's page: only an email links it (opened without a good token it says the link does not work).
            CrawlEntries = [new CrawlEntry("account/access-denied"), new CrawlEntry("account/reset-password")],
        });
        return services;
    }
}
