using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Configuration.Reconciliation;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Web.Configuration;

/// <summary>
/// One open de-duplication task for the demo, made the way it happens: a spreadsheet recorded an access point under a
/// mistyped serial, discovery recorded it again, and discovery's next import (without serials) matches both by name.
/// Seeded once: nothing happens when any de-duplication task exists.
/// </summary>
internal static class CiImportDemoData
{
    private const string By = "system";

    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (await services.GetRequiredService<ItsmDbContext>().CiDuplicateTasks.AnyAsync(cancellationToken))
        {
            return;
        }

        var import = services.GetRequiredService<CiImport>();
        Task Import(string source, params CiImportRow[] rows) => import.CommitAsync(source, () => CiImport.Numbered(rows), By, cancellationToken);

        await Import(CmdbSeed.SpreadsheetSource, Row("ap-floor-3", "FGT-AP-3310"));
        await Import(CmdbSeed.DiscoverySource, Row("AP-Floor-3", "FGT-AP-3301"));
        await Import(CmdbSeed.DiscoverySource, Row("ap-floor-3", null));
    }

    private static CiImportRow Row(string name, string? serial) => new()
    {
        Class = CmdbSeed.NetworkDevice,
        Name = name,
        Attributes = new Dictionary<string, string?> { ["deviceType"] = "access-point", ["serialNumber"] = serial, ["managementIp"] = serial is null ? "10.0.3.10" : null },
    };
}
