using MudBlazor;
using WorkflowItsm.Web.Api;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Designer;

internal static class DesignerSetup
{
    /// <summary>The process owners' designer and instance viewer: their pages in the menu, the API of definitions, drafts and instances.</summary>
    public static WebApplicationBuilder AddDesignerModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddWebModule(new WebModule("Designer")
        {
            Menu =
            [
                new MenuEntry(200, "Processes", Icons.Material.Filled.AccountTree, "processes") { Roles = MenuRoles.ProcessOwners },
                new MenuEntry(700, "Instances", Icons.Material.Filled.Timeline, "instances") { Roles = MenuRoles.ProcessOwners },
            ],
            Api = api => api.MapProcessDefinitionsApi().MapProcessDraftsApi().MapProcessInstancesApi().MapDecisionsApi(),
            // Two clicks from the menu, on the bundled workflow every start deploys.
            CrawlEntries = [new CrawlEntry("designer/incident-triage/diff", MenuRoles.ProcessOwners)],
        });
        return builder;
    }
}
