using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Requests;

public static class RequestsModule
{
    /// <summary>
    /// The service catalog and request fulfilment: catalog items (versioned) with variables and rules the server
    /// enforces, carts, requests REQ… and requested items RITM… with their approvals, stages and roll-up of closure.
    /// Stands on the record kernel, the approval engine, the directory, the CMDB and assets.
    /// </summary>
    public static IServiceCollection AddRequests(this IServiceCollection services)
    {
        services.AddRecordKind<ServiceRequest>(RecordNumbers.Request, CatalogCheckout.Kind);
        services.AddRecordKind<RequestedItem>(RecordNumbers.RequestedItem, RequestedItems.Kind);
        services.AddScoped<CatalogAdministration>();
        services.AddScoped<CatalogForms>();
        services.AddScoped<CatalogQueries>();
        services.AddScoped<Cart>();
        services.AddScoped<CatalogCheckout>();
        services.AddScoped<RequestedItems>();
        services.AddScoped<RequestedItemFulfilmentJob>();
        services.AddScoped<RequestQueries>();
        services.AddScoped<RequestApprovalDefaults>();
        services.AddScoped<IApprovalDecisionObserver, RequestedItemApprovals>();
        return services;
    }
}
