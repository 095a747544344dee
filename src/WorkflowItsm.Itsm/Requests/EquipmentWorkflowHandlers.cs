using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Itsm.Assets;
using WorkflowItsm.Itsm.Assets.Stock;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Requests;

/// <summary>
/// Reserves an available asset of the chosen model (variable <c>model</c>, an asset model id) for the requested item.
/// With none in stock the item is backordered (a purchase task follows) until a later try reserves one, which puts it
/// back in fulfilment. Reserving takes the asset out of available stock, so the model's stock rule raises its
/// restock order when the stock falls under the threshold (one order per rule until received).
/// </summary>
[ServiceTask("equipment.reserve", DisplayName = "Reserve asset from stock",
    Description = "Reserves an available asset of the model in the variable model for the requested item; none in stock backorders the item. Sets reserved and assetNumber.")]
[ServiceTaskOutput("reserved", ServiceTaskPropertyType.Boolean, Description = "Whether an asset is reserved for the item.")]
[ServiceTaskOutput("assetNumber", ServiceTaskPropertyType.String, Description = "The reserved asset's number (null when none).")]
public sealed class ReserveEquipmentHandler(RequestedItems items, AssetService assets, ItsmDbContext db) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var item = await items.FindAsync(RequestHandlerInputs.Number(context), cancellationToken);
        var model = EquipmentInputs.Model(context, item);
        var asset = await EquipmentInputs.ReservedAsync(db, item.Number, cancellationToken)
            ?? await StockQueries.Available(db).Where(a => a.ModelId == model && a.StockroomId != null).OrderBy(a => a.Id).Select(a => a.Number).FirstOrDefaultAsync(cancellationToken);
        if (asset is null)
        {
            if (item.State == RequestedItemState.Fulfilment)
            {
                var name = await db.AssetModels.AsNoTracking().Where(m => m.Id == model).Select(m => m.Manufacturer + " " + m.Name).FirstOrDefaultAsync(cancellationToken);
                await items.MoveAsync(item, RequestedItemState.Backordered, $"No {name ?? "asset of the model"} in stock: it is being purchased.", RequestHandlerInputs.By, cancellationToken);
            }

            return ServiceTaskResult.With(("reserved", false), ("assetNumber", (string?)null));
        }

        if (await db.Assets.AnyAsync(a => a.Number == asset && a.Substate != AssetSubstate.Reserved, cancellationToken))
        {
            await assets.ReserveAsync(asset, item.Number, RequestHandlerInputs.By, cancellationToken);
        }

        if (item.State == RequestedItemState.Backordered)
        {
            await items.MoveAsync(item, RequestedItemState.Fulfilment, $"{asset} is reserved: fulfilment goes on.", RequestHandlerInputs.By, cancellationToken);
        }

        return ServiceTaskResult.With(("reserved", true), ("assetNumber", asset));
    }
}

/// <summary>
/// Hands the reserved asset over: it goes in use, assigned to the person the item was requested for, and gets its
/// configuration item (created when the asset has none, then linked), which follows the asset's state from then on.
/// </summary>
[ServiceTask("equipment.deliver", DisplayName = "Hand over asset",
    Description = "Issues the asset reserved for the requested item to the person it is for (in use, assigned) and creates and links its configuration item when it has none. Sets assetNumber and configurationItem.")]
[ServiceTaskOutput("configurationItem", ServiceTaskPropertyType.String, Description = "The number of the asset's configuration item.")]
public sealed class DeliverEquipmentHandler(RequestedItems items, AssetService assets, CiService cis, RecordHistory history, ItsmDbContext db) : IServiceTaskHandler
{
    /// <summary>The CMDB's class for a physical computer; laptops and desktops are recorded under it.</summary>
    public const string CiClass = CmdbSeed.Server;

    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var item = await items.FindAsync(RequestHandlerInputs.Number(context), cancellationToken);
        var number = await EquipmentInputs.ReservedAsync(db, item.Number, cancellationToken)
            ?? RequestHandlerInputs.Text(context, "assetNumber")
            ?? throw new InvalidOperationException($"No asset is reserved for {item.Number}: reserve one before the hand-over.");
        var asset = await assets.FindAsync(number, cancellationToken);
        if (asset.State != AssetState.InUse)
        {
            asset = await assets.IssueAsync(number, item.RequestedFor, null, RequestHandlerInputs.By, cancellationToken);
        }

        if (asset.ConfigurationItemNumber is null)
        {
            var model = await db.AssetModels.AsNoTracking().FirstAsync(m => m.Id == asset.ModelId, cancellationToken);
            var ci = await cis.CreateAsync(new NewConfigurationItem
            {
                Name = $"{model.DisplayName} ({asset.SerialNumber})", Class = CiClass, State = CiFollowsAsset.StateFor(asset.State),
                Description = $"Asset {asset.Number}, in use by {item.RequestedFor} ({item.Number}).", Source = "asset",
                Attributes = new Dictionary<string, string?> { ["serialNumber"] = asset.SerialNumber },
            }, RequestHandlerInputs.By, cancellationToken);
            var before = asset.AuditedFields();
            asset.ConfigurationItemNumber = ci.Number;
            history.Changed(asset, before, RequestHandlerInputs.By);
        }

        history.AddNote(item, RecordNoteKind.WorkNote, $"{asset.Number} handed over to {item.RequestedFor}; configuration item {asset.ConfigurationItemNumber}.", RequestHandlerInputs.By);
        await db.SaveChangesAsync(cancellationToken);
        return ServiceTaskResult.With(("assetNumber", asset.Number), ("configurationItem", asset.ConfigurationItemNumber));
    }
}

internal static class EquipmentInputs
{
    /// <summary>The asset model the item names (its variable model), as an id.</summary>
    public static int Model(ServiceTaskContext context, RequestedItem item) =>
        int.TryParse(RequestHandlerInputs.Text(context, "model") ?? item.Values.FirstOrDefault(v => v.Key == "model")?.Value, out var id)
            ? id
            : throw new InvalidOperationException($"{item.Number} names no asset model (variable model): new-equipment items need one.");

    /// <summary>The asset reserved for the item already (a retry after a purchase, or a repeated step).</summary>
    public static Task<string?> ReservedAsync(ItsmDbContext db, string item, CancellationToken cancellationToken) =>
        db.Assets.Where(a => a.ReservedFor == item && a.State == AssetState.InStock && a.Substate == AssetSubstate.Reserved)
            .OrderBy(a => a.Id).Select(a => a.Number).FirstOrDefaultAsync(cancellationToken);
}
