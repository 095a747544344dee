using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Configuration.Reconciliation;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Web.Configuration;

/// <summary>
/// One open de-duplication task for the demo, made the way it happens: an access point recorded twice by hand under
/// different serials, and discovery's import (without serials) matches both by name.
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

        // Two records of one access point, typed in by hand under different serials (an import would have matched the second to the first).
        var cis = services.GetRequiredService<CiService>();
        foreach (var (name, serial) in new[] { ("ap-floor-3", "FGT-AP-3310"), ("AP-Floor-3", "FGT-AP-3301") })
        {
            await cis.CreateAsync(new NewConfigurationItem
            {
                Name = name, Class = CmdbSeed.NetworkDevice, State = CiState.Operational,
                Attributes = new Dictionary<string, string?> { ["deviceType"] = "access-point", ["serialNumber"] = serial },
            }, By, cancellationToken);
        }

        var import = services.GetRequiredService<CiImport>();
        await import.CommitAsync(CmdbSeed.DiscoverySource, () => CiImport.Numbered([Row("ap-floor-3", null)]), By, cancellationToken);
    }

    private static CiImportRow Row(string name, string? serial) => new()
    {
        Class = CmdbSeed.NetworkDevice,
        Name = name,
        Attributes = new Dictionary<string, string?> { ["deviceType"] = "access-point", ["serialNumber"] = serial, ["managementIp"] = serial is null ? "10.0.3.10" : null },
    };
}
