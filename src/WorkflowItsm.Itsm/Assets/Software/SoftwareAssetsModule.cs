using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace WorkflowItsm.Itsm.Assets.Software;

public static class SoftwareAssetsModule
{
    /// <summary>
    /// Software products and versions, installations from discovery, licence entitlements, their compliance (after
    /// every import and nightly, with history) and renewal reminders (settings section <c>Software</c>).
    /// </summary>
    public static IServiceCollection AddSoftwareAssets(this IServiceCollection services)
    {
        services.AddOptions<SoftwareOptions>().BindConfiguration(SoftwareOptions.Section)
            .Validate(o => o.RemovalAfterDays > 0 && o.MaxImportBatch > 0, "Software:RemovalAfterDays and Software:MaxImportBatch must be more than 0.");
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<SoftwareOptions>>().Value);
        services.AddScoped<SoftwareCatalog>();
        services.AddScoped<InstallationImport>();
        services.AddScoped<LicenceEntitlements>();
        services.AddScoped<LicenceComplianceCalculator>();
        services.AddScoped<LicenceComplianceJob>();
        services.AddScoped<LicenceRenewalReminderJob>();
        services.AddScoped<SoftwareQueries>();
        return services;
    }
}
