using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Assets.Stock;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Assets;

public static class AssetsModule
{
    /// <summary>
    /// Hardware assets (AST… records), their models, depreciation, CSV import, and stock: stockrooms, stock rules and
    /// restock orders. No <see cref="IAssetStateObserver"/> is registered here: the CMDB adds the one that makes a CI follow its asset.
    /// </summary>
    public static IServiceCollection AddAssets(this IServiceCollection services)
    {
        services.AddRecordKind<Asset>(RecordNumbers.Asset, AssetService.Kind);
        services.AddScoped<AssetFields>();
        services.AddScoped<AssetService>();
        services.AddScoped<AssetQueries>();
        services.AddScoped<AssetModels>();
        services.AddScoped<AssetImport>();
        services.AddScoped<Restocking>();
        services.AddScoped<StockQueries>();
        services.AddScoped<StockAdmin>();
        return services;
    }
}
