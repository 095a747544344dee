using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Itsm.Assets;
using WorkflowItsm.Itsm.Assets.Stock;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Requests;

/// <summary>
/// Reserves as many available assets of the chosen model (variable <c>model</c>, an asset model id) as the item's
/// quantity. With too few in stock it reserves what there is and the item is backordered (a purchase task for the rest
/// follows) until a later try reserves them all, which puts it back in fulfilment. Reserving takes the assets out of
/// available stock, so the model's stock rule raises its restock order when the stock falls under the threshold (one
/// order per rule until received).
/// </summary>
[ServiceTask("equipment.reserve", DisplayName = "Reserve asset from stock",
    Description = "Reserves available assets of the model in the variable model for the requested item, as many as its quantity; too few in stock backorders the item. Sets reserved, assetNumber, assetNumbers and backordered.")]
[ServiceTaskOutput("reserved", ServiceTaskPropertyType.Boolean, Description = "Whether every asset the item needs is reserved.")]
[ServiceTaskOutput("assetNumber", ServiceTaskPropertyType.String, Description = "The first reserved asset's number (null when none).")]
[ServiceTaskOutput("assetNumbers", ServiceTaskPropertyType.String, Description = "The reserved assets' numbers, comma-separated.")]
[ServiceTaskOutput("backordered", ServiceTaskPropertyType.Long, Description = "How many are still to be purchased.")]
public sealed class ReserveEquipmentHandler(RequestedItems items, AssetService assets, ItsmDbContext db) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var item = await items.FindAsync(RequestHandlerInputs.Number(context), cancellationToken);
        var model = EquipmentInputs.Model(context, item);
        var wanted = Math.Max(1, item.Quantity);
        // Assets reserved by an earlier try (before a purchase) count: a retry reserves only the rest.
        var reserved = await EquipmentInputs.ReservedAsync(db, item.Number, cancellationToken);
        if (reserved.Count < wanted)
        {
            var free = await StockQueries.Available(db).Where(a => a.ModelId == model && a.StockroomId != null)
                .OrderBy(a => a.Id).Select(a => a.Number).Take(wanted - reserved.Count).ToListAsync(cancellationToken);
            foreach (var asset in free)
            {
                await assets.ReserveAsync(asset, item.Number, RequestHandlerInputs.By, cancellationToken);
            }

            reserved.AddRange(free);
        }

        var missing = wanted - reserved.Count;
        if (missing > 0)
        {
            if (item.State == RequestedItemState.Fulfilment)
            {
                var name = await db.AssetModels.AsNoTracking().Where(m => m.Id == model).Select(m => m.Manufacturer + " " + m.Name).FirstOrDefaultAsync(cancellationToken) ?? "asset of the model";
                var why = reserved.Count == 0
                    ? wanted == 1 ? $"No {name} in stock: it is being purchased." : $"No {name} in stock: {wanted} are being purchased."
                    : $"{reserved.Count} of {wanted} {name} reserved ({string.Join(", ", reserved)}); {missing} being purchased.";
                await items.MoveAsync(item, RequestedItemState.Backordered, why, RequestHandlerInputs.By, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
            }

            return Result(false, reserved, missing);
        }

        if (item.State == RequestedItemState.Backordered)
        {
            await items.MoveAsync(item, RequestedItemState.Fulfilment, $"{string.Join(", ", reserved)} reserved: fulfilment goes on.", RequestHandlerInputs.By, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        return Result(true, reserved, 0);
    }

    private static ServiceTaskResult Result(bool all, List<string> reserved, int missing) => ServiceTaskResult.With(
        ("reserved", all), ("assetNumber", reserved.FirstOrDefault()), ("assetNumbers", string.Join(",", reserved)), ("backordered", missing));
}

/// <summary>
/// Hands the reserved assets over (one per unit of the quantity): each goes in use, assigned to the person the item
/// was requested for, and gets its
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
        var numbers = await EquipmentInputs.ReservedAsync(db, item.Number, cancellationToken);
        if (numbers.Count == 0 && RequestHandlerInputs.Text(context, "assetNumber") is { } named)
        {
            numbers.Add(named);
        }

        if (numbers.Count == 0)
        {
            throw new InvalidOperationException($"No asset is reserved for {item.Number}: reserve one before the hand-over.");
        }

        var cis = new List<string>();
        foreach (var number in numbers)
        {
            cis.Add(await HandOverAsync(item, number, cancellationToken));
        }

        await db.SaveChangesAsync(cancellationToken);
        return ServiceTaskResult.With(("assetNumber", numbers[0]), ("assetNumbers", string.Join(",", numbers)), ("configurationItem", cis[0]));
    }

    private async Task<string> HandOverAsync(RequestedItem item, string number, CancellationToken cancellationToken)
    {
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
        return asset.ConfigurationItemNumber!;
    }
}

internal static class EquipmentInputs
{
    /// <summary>The asset model the item names (its variable model), as an id.</summary>
    public static int Model(ServiceTaskContext context, RequestedItem item) =>
        int.TryParse(RequestHandlerInputs.Text(context, "model") ?? item.Values.FirstOrDefault(v => v.Key == "model")?.Value, out var id)
            ? id
            : throw new InvalidOperationException($"{item.Number} names no asset model (variable model): new-equipment items need one.");

    /// <summary>The assets reserved for the item already (a retry after a purchase, or a repeated step).</summary>
    public static Task<List<string>> ReservedAsync(ItsmDbContext db, string item, CancellationToken cancellationToken) =>
        db.Assets.Where(a => a.ReservedFor == item && a.State == AssetState.InStock && a.Substate == AssetSubstate.Reserved)
            .OrderBy(a => a.Id).Select(a => a.Number).ToListAsync(cancellationToken);
}
