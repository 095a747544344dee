using MudBlazor;
using WorkflowItsm.Web.Api;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Portal;

internal static class PortalSetup
{
    /// <summary>The self-service portal: in everyone's menu once signed in, with the API of one's own requests.</summary>
    public static WebApplicationBuilder AddPortalModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddWebModule(new WebModule("Portal")
        {
            Menu = [new MenuEntry(100, "Self-service", Icons.Material.Filled.SupportAgent, "portal")],
            Api = api => api.MapMyRequestsApi(),
            // Two clicks from the menu: the crawl opens the list, and one request from it.
            CrawlEntries = [new CrawlEntry("portal/requests")],
        });
        return builder;
    }
}
