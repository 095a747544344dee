using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Configuration;

public static class ConfigurationModule
{
    /// <summary>The CMDB: classes and attributes, configuration items (CI… records), relations and impact analysis; identification, reconciliation by source priority and the CI import; a CI follows its asset's state.</summary>
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
        services.AddScoped<CiNeighbours>();
        services.AddScoped<CmdbHealth>();
        services.AddScoped<CiReferences>();
        services.AddScoped<ServiceNamesMigration>();
        services.AddScoped<Assets.IAssetStateObserver, CiFollowsAsset>();
        services.AddScoped<Reconciliation.CiReconciler>();
        services.AddScoped<Reconciliation.CiImport>();
        services.AddScoped<Reconciliation.CiIdentificationRules>();
        services.AddScoped<Reconciliation.CiDataSources>();
        services.AddScoped<Reconciliation.CiDuplicateTasks>();
        return services;
    }
}
