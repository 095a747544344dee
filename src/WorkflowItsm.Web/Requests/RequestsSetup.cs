using MudBlazor;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.Requests;
using WorkflowItsm.Web.Api;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Requests;

internal static class RequestsSetup
{
    /// <summary>
    /// The service catalog and requests: the domain module, the catalog's and the requests' API, a demo catalog; the
    /// portal's catalog, cart and orders for everyone signed in; the requests list and the REQ/RITM record pages for staff.
    /// </summary>
    public static WebApplicationBuilder AddRequestsModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddRequests();
        builder.Services.AddWebModule(new WebModule("Requests")
        {
            Menu =
            [
                new MenuEntry(110, "Service catalog", Icons.Material.Filled.Storefront, "portal/catalog"),
                new MenuEntry(420, "Requests", Icons.Material.Filled.ShoppingBag, "requests") { Roles = MenuRoles.Staff },
            ],
            Api = api => api.MapCatalogApi().MapRequestsApi(),
            RecordPages = [new RecordPage(RecordNumbers.Request, "requests"), new RecordPage(RecordNumbers.RequestedItem, "requested-items")],
            // The cart and the orders are linked from the catalog's page; named here so that every person's crawl opens them.
            CrawlEntries = [new CrawlEntry("portal/cart"), new CrawlEntry("portal/orders")],
            DemoData = RequestsDemoData.SeedAsync,
            Startup = (services, cancellationToken) => services.GetRequiredService<RequestApprovalDefaults>().EnsureAsync(cancellationToken),
        });
        return builder;
    }
}
