using WorkflowItsm.Itsm.Requests;
using WorkflowItsm.Web.Api;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Requests;

internal static class RequestsSetup
{
    /// <summary>
    /// The service catalog and requests: the domain module, the catalog's and the requests' API, a demo catalog. No
    /// menu and no pages yet (the portal's catalog, cart and my requests come in the next round).
    /// </summary>
    public static WebApplicationBuilder AddRequestsModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddRequests();
        builder.Services.AddWebModule(new WebModule("Requests")
        {
            Api = api => api.MapCatalogApi().MapRequestsApi(),
            DemoData = RequestsDemoData.SeedAsync,
            Startup = (services, cancellationToken) => services.GetRequiredService<RequestApprovalDefaults>().EnsureAsync(cancellationToken),
        });
        return builder;
    }
}
