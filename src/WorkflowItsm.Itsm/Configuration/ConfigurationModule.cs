using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Configuration;

public static class ConfigurationModule
{
    /// <summary>The CMDB: classes and attributes, configuration items (CI… records), relations and impact analysis; a CI follows its asset's state.</summary>
    public static IServiceCollection AddConfiguration(this IServiceCollection services)
    {
        services.AddRecordKind<ConfigurationItem>(RecordNumbers.ConfigurationItem, CiService.Kind);
        services.AddScoped<CiAttributeValues>();
        services.AddScoped<CiService>();
        services.AddScoped<CiRelations>();
        services.AddScoped<CiQueries>();
        services.AddScoped<CiClassAdministration>();
        services.AddScoped<ImpactAnalysis>();
        services.AddScoped<AffectedServices>();
        services.AddScoped<CiReferences>();
        services.AddScoped<ServiceNamesMigration>();
        services.AddScoped<Assets.IAssetStateObserver, CiFollowsAsset>();
        return services;
    }
}
