using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Assets;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Configuration;

/// <summary>
/// Makes an asset's configuration item follow the asset's state: ordered or in stock → planned, in use → operational,
/// in maintenance → maintenance, retired → retired, and a missing (lost or stolen) asset's CI is down. The asset's
/// lifecycle is the authority here, so the CI takes the state it maps to directly (the CI's own table is for people
/// moving it by hand); every change is audited with the asset as its source. An asset without a CI, or whose CI
/// is not found, changes nothing; in transit leaves the CI as it is.
/// </summary>
public sealed class CiFollowsAsset(ItsmDbContext db, RecordHistory history, RecordStore store) : IAssetStateObserver
{
    public async Task StateMovedAsync(Asset asset, AssetPosition from, string by, CancellationToken cancellationToken)
    {
        if (asset.ConfigurationItemNumber is not { } number
            || await db.ConfigurationItems.FirstOrDefaultAsync(c => c.Number == number, cancellationToken) is not { } ci)
        {
            return;
        }

        var before = ci.AuditedFields();
        ci.State = StateFor(asset.State) ?? ci.State;
        ci.OperationalStatus = asset.State switch
        {
            AssetState.Missing => OperationalStatus.Down,
            _ when from.State == AssetState.Missing => OperationalStatus.Up,
            _ => ci.OperationalStatus,
        };
        ci.ClosedAt = ci.State == CiState.Retired ? ci.ClosedAt ?? history.Now : null;
        if (history.Changed(ci, before, by, source: $"asset {asset.Number}"))
        {
            await store.SaveAsync(ci, cancellationToken);
        }
    }

    public static CiState? StateFor(AssetState state) => state switch
    {
        AssetState.OnOrder or AssetState.InStock => CiState.Planned,
        AssetState.InUse => CiState.Operational,
        AssetState.InMaintenance => CiState.Maintenance,
        AssetState.Retired => CiState.Retired,
        _ => null,
    };
}
