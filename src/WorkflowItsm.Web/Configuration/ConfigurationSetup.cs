using MudBlazor;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Web.Api;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Configuration;

internal static class ConfigurationSetup
{
    /// <summary>The CMDB: the domain module, the CI list in the menu (staff), the classes page, its API, links to CI… records, a demo estate.</summary>
    public static WebApplicationBuilder AddConfigurationModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddConfiguration();
        builder.Services.AddWebModule(new WebModule("Configuration")
        {
            Menu = [new MenuEntry(520, "Configuration", Icons.Material.Filled.Lan, "configuration") { Roles = MenuRoles.Staff }],
            Api = api => api.MapCmdbApi().MapCmdbImportApi().MapCmdbGraphApi(),
            RecordPages = [new RecordPage(RecordNumbers.ConfigurationItem, "configuration")],
            CrawlEntries =
            [
                new CrawlEntry("configuration/classes", MenuRoles.Staff),
                new CrawlEntry("configuration/health", MenuRoles.Staff),
                new CrawlEntry("configuration/import", CmdbImportDisplay.WriterRoles),
                new CrawlEntry("configuration/duplicates", MenuRoles.Staff),
            ],
            DemoData = async (services, cancellationToken) =>
            {
                await CmdbDemoData.SeedAsync(services, cancellationToken);
                await CiImportDemoData.SeedAsync(services, cancellationToken);
            },
        });
        return builder;
    }
}
