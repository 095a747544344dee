namespace WorkflowItsm.Itsm.Assets;

/// <summary>
/// Hears every asset state move after it is saved: the port through which the CMDB makes the asset's configuration
/// item follow its state (<see cref="Asset.ConfigurationItemNumber"/>). The assets module registers none; whoever
/// registers one is called for each move, in registration order.
/// </summary>
public interface IAssetStateObserver
{
    Task StateMovedAsync(Asset asset, AssetPosition from, string by, CancellationToken cancellationToken);
}
