using MudBlazor;
using WorkflowItsm.Itsm.Assets;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Web.Api;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Assets;

internal static class AssetsSetup
{
    /// <summary>Hardware assets and stock: the domain module, the Assets page in the staff menu (stock, models, warranty list linked from it), their API, links to AST… records, demo data.</summary>
    public static WebApplicationBuilder AddAssetsModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddAssets();
        builder.Services.AddWebModule(new WebModule("Assets")
        {
            Menu = [new MenuEntry(540, "Assets", Icons.Material.Filled.Devices, "assets") { Roles = MenuRoles.Staff }],
            Api = api => api.MapAssetsApi().MapStockApi(),
            RecordPages = [new RecordPage(RecordNumbers.Asset, "assets")],
            CrawlEntries =
            [
                new CrawlEntry("assets/new", AssetDisplay.WriterRoles),
                new CrawlEntry("assets/stock", MenuRoles.Staff),
                new CrawlEntry("assets/warranty-ending", MenuRoles.Staff),
                new CrawlEntry("assets/models", MenuRoles.Admins),
            ],
            DemoData = AssetsDemoData.SeedAsync,
        });
        return builder;
    }
}
