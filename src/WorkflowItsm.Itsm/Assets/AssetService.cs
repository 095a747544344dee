using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Assets.Stock;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Assets;

/// <summary>
/// Asset use cases on the record kernel: create, change, move (with reserve, release and issue), assign. Each is
/// validated first (nothing is saved while a field is wrong), audited field by field, and one save; who has it
/// where is kept as history. After a move the stock rule of the stock it left is checked, and the state observers
/// (<see cref="IAssetStateObserver"/>) hear of it.
/// </summary>
public sealed class AssetService(
    ItsmDbContext db, RecordNumbers numbers, RecordStore store, RecordHistory history, AssetFields fields, Restocking restocking,
    IEnumerable<IAssetStateObserver> observers)
{
    public const string Kind = "asset";

    /// <exception cref="RecordValidationException">Nothing was saved.</exception>
    public async Task<Asset> CreateAsync(NewAsset input, string by, CancellationToken cancellationToken)
    {
        var asset = await BuildAsync(input, by, cancellationToken);
        await store.SaveAsync(asset, cancellationToken);
        return asset;
    }

    /// <summary>Validates and adds a new asset with its audit and assignment to the unit of work, unsaved (the import saves a batch).</summary>
    /// <exception cref="RecordValidationException"/>
    internal async Task<Asset> BuildAsync(NewAsset input, string by, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var model = await fields.ValidateAsync(errors, input, existing: null, cancellationToken);
        var state = input.State ?? AssetState.OnOrder;
        var substate = input.Substate ?? (state == AssetState.InStock ? AssetSubstate.Available : null);
        CheckSubstate(errors, state, substate);
        await CheckPositionNeedsAsync(errors, new AssetPosition(state, substate), input.StockroomId, input.AssignedPerson, input.ReservedFor, cancellationToken);
        errors.ThrowIfAny(Kind);

        var asset = new Asset
        {
            Number = await numbers.NextAsync(RecordNumbers.Asset, cancellationToken),
            ShortDescription = $"{model!.DisplayName} {input.SerialNumber!.Trim()}",
            SerialNumber = input.SerialNumber.Trim(),
            SerialKey = AssetFields.SerialKey(input.SerialNumber),
            UsefulLifeMonths = model.UsefulLifeMonths,
            State = state,
            Substate = substate,
            OpenedBy = by,
            OpenedAt = history.Now,
            UpdatedAt = history.Now,
        };
        AssetFields.Apply(asset, input, model);
        ApplyPosition(asset, asset.Position, input.StockroomId, input.AssignedPerson, input.Location, input.ReservedFor);
        db.Assets.Add(asset);
        history.Created(asset, by);
        OpenAssignment(asset, by);
        return asset;
    }

    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordValidationException"/>
    /// <exception cref="RecordConcurrencyException">A stale <paramref name="expectedRevision"/>, or a change saved meanwhile.</exception>
    public async Task<Asset> UpdateAsync(string number, AssetInput changes, int? expectedRevision, string by, CancellationToken cancellationToken)
    {
        var asset = await FindAsync(number, cancellationToken);
        RecordStore.EnsureRevision(asset, expectedRevision);
        await ApplyChangesAsync(asset, changes, by, cancellationToken);
        await store.SaveAsync(asset, cancellationToken);
        return asset;
    }

    /// <summary>Validates and applies field changes to a tracked asset, unsaved (the import's updates share its batch). A changed location moves the assignment history on.</summary>
    internal async Task ApplyChangesAsync(Asset asset, AssetInput changes, string by, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var model = await fields.ValidateAsync(errors, changes, asset, cancellationToken);
        errors.ThrowIfAny(Kind);
        var before = asset.AuditedFields();
        var location = asset.Location;
        AssetFields.Apply(asset, changes, model);
        if (!string.Equals(location, asset.Location, StringComparison.Ordinal))
        {
            await CloseAssignmentAsync(asset, cancellationToken);
            OpenAssignment(asset, by);
        }

        history.Changed(asset, before, by);
    }

    /// <summary>Moves the asset to another state and substate, with what that needs (stockroom, person, request).</summary>
    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordTransitionException">The table has no such move (409 naming the allowed ones).</exception>
    /// <exception cref="RecordValidationException">What the new state needs is missing.</exception>
    public async Task<Asset> MoveAsync(string number, AssetMove move, string by, CancellationToken cancellationToken, int? expectedRevision = null)
    {
        var asset = await FindAsync(number, cancellationToken);
        RecordStore.EnsureRevision(asset, expectedRevision);
        var from = asset.Position;
        var to = new AssetPosition(move.To, move.Substate ?? (move.To == AssetState.InStock ? AssetSubstate.Available : null));
        var errors = new FieldErrors();
        CheckSubstate(errors, to.State, to.Substate);
        errors.ThrowIfAny(Kind);
        AssetLifecycle.EnsureAllowed(asset.Number, from, to);
        await CheckPositionNeedsAsync(errors, to, move.StockroomId ?? asset.StockroomId, move.AssignedPerson ?? (to == AssetPosition.InUse ? asset.AssignedPerson : null),
            move.ReservedFor, cancellationToken);
        errors.Codes(("location", move.Location));
        errors.ThrowIfAny(Kind);

        var before = asset.AuditedFields();
        var stockBefore = (asset.ModelId, asset.StockroomId);
        var holderBefore = (asset.AssignedPerson, asset.Location);
        asset.State = to.State;
        asset.Substate = to.Substate;
        ApplyPosition(asset, to, move.StockroomId ?? asset.StockroomId, move.AssignedPerson ?? asset.AssignedPerson, RecordText.Changed(move.Location, asset.Location), move.ReservedFor);
        asset.ClosedAt = to.State == AssetState.Retired ? history.Now : null;
        if (holderBefore != (asset.AssignedPerson, asset.Location))
        {
            await CloseAssignmentAsync(asset, cancellationToken);
            OpenAssignment(asset, by);
        }

        history.Changed(asset, before, by);
        await store.SaveAsync(asset, cancellationToken);

        if (from == AssetPosition.Available && stockBefore.StockroomId is { } stockroom && (asset.Position != AssetPosition.Available || asset.StockroomId != stockroom))
        {
            await restocking.RaiseIfLowAsync(stockBefore.ModelId, stockroom, cancellationToken);
        }

        foreach (var observer in observers)
        {
            await observer.StateMovedAsync(asset, from, by, cancellationToken);
        }

        return asset;
    }

    /// <summary>Reserves an available asset for a request (REQ…/RITM… number).</summary>
    public Task<Asset> ReserveAsync(string number, string? request, string by, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request))
        {
            throw new RecordValidationException(Kind, new Dictionary<string, string[]> { ["reservedFor"] = ["Name the request the asset is reserved for (its number)."] });
        }

        return MoveAsync(number, new AssetMove(AssetState.InStock, AssetSubstate.Reserved, ReservedFor: request.Trim()), by, cancellationToken);
    }

    /// <summary>Releases a reservation: the asset is available again.</summary>
    public Task<Asset> ReleaseAsync(string number, string by, CancellationToken cancellationToken) =>
        MoveAsync(number, new AssetMove(AssetState.InStock, AssetSubstate.Available), by, cancellationToken);

    /// <summary>Issues a reserved (or available) asset to a person: in use.</summary>
    public Task<Asset> IssueAsync(string number, string? person, string? location, string by, CancellationToken cancellationToken) =>
        MoveAsync(number, new AssetMove(AssetState.InUse, AssignedPerson: person, Location: location), by, cancellationToken);

    /// <summary>Hands an asset that is not in stock to another person and/or location (the history keeps who had it).</summary>
    /// <exception cref="RecordValidationException">In stock or retired, or an unknown person.</exception>
    public async Task<Asset> AssignAsync(string number, string? person, string? location, string by, CancellationToken cancellationToken)
    {
        var asset = await FindAsync(number, cancellationToken);
        var errors = new FieldErrors();
        if (asset.State is AssetState.InStock or AssetState.Retired or AssetState.OnOrder)
        {
            errors.Add("assignedPerson", asset.State == AssetState.InStock
                ? $"{asset.Number} is in stock: issue it to give it to someone."
                : $"{asset.Number} is {AssetDisplayState(asset)}: it cannot be assigned.");
        }

        await fields.ValidatePersonAsync(errors, "assignedPerson", person, cancellationToken);
        errors.Codes(("location", location));
        if (asset.State == AssetState.InUse && person is not null && string.IsNullOrWhiteSpace(person))
        {
            errors.Add("assignedPerson", "An asset in use is someone's: name who.");
        }

        errors.ThrowIfAny(Kind);
        var before = asset.AuditedFields();
        var holderBefore = (asset.AssignedPerson, asset.Location);
        asset.AssignedPerson = RecordText.Changed(person, asset.AssignedPerson);
        asset.Location = RecordText.Changed(location, asset.Location);
        if (holderBefore != (asset.AssignedPerson, asset.Location))
        {
            await CloseAssignmentAsync(asset, cancellationToken);
            OpenAssignment(asset, by);
            history.Changed(asset, before, by);
            await store.SaveAsync(asset, cancellationToken);
        }

        return asset;
    }

    /// <exception cref="RecordNotFoundException"/>
    internal Task<Asset> FindAsync(string number, CancellationToken cancellationToken) => store.FindAsync<Asset>(number, cancellationToken);

    private static string AssetDisplayState(Asset asset) => asset.Position.ToString();

    private static void CheckSubstate(FieldErrors errors, AssetState state, AssetSubstate? substate)
    {
        if (!AssetLifecycle.Fits(state, substate))
        {
            var substates = AssetLifecycle.SubstatesOf(state);
            errors.Add("substate", substates.Count == 0
                ? $"{state} has no substate."
                : $"{state} needs a substate: {string.Join(", ", substates)}.");
        }
    }

    /// <summary>What a position needs: a stockroom in stock, a person in use, a request when reserved.</summary>
    private async Task CheckPositionNeedsAsync(FieldErrors errors, AssetPosition to, int? stockroomId, string? person, string? reservedFor, CancellationToken cancellationToken)
    {
        if (to.State == AssetState.InStock && stockroomId is null)
        {
            errors.Add("stockroomId", "An asset in stock is in a stockroom: name which.");
        }

        await fields.ValidateStockroomAsync(errors, stockroomId, cancellationToken);
        if (to.State == AssetState.InUse && string.IsNullOrWhiteSpace(person))
        {
            errors.Add("assignedPerson", "An asset in use is someone's: name who.");
        }

        await fields.ValidatePersonAsync(errors, "assignedPerson", person, cancellationToken);
        if (to == AssetPosition.Reserved && string.IsNullOrWhiteSpace(reservedFor))
        {
            errors.Add("reservedFor", "Name the request the asset is reserved for (its number).");
        }

        errors.Length("reservedFor", reservedFor?.Trim(), Record.NumberLength);
    }

    /// <summary>Sets what goes with a position: in stock, it is in a stockroom and nobody's (its stockroom says where); on order or retired, nobody's and nowhere; in use, someone's; only a reserved one names its request.</summary>
    private static void ApplyPosition(Asset asset, AssetPosition to, int? stockroomId, string? person, string? location, string? reservedFor)
    {
        asset.StockroomId = to.State == AssetState.InStock ? stockroomId : null;
        var nobodys = to.State is AssetState.InStock or AssetState.Retired or AssetState.OnOrder;
        asset.AssignedPerson = nobodys ? null : RecordText.TrimmedOrNull(person);
        asset.Location = nobodys ? null : RecordText.TrimmedOrNull(location);
        asset.ReservedFor = to == AssetPosition.Reserved ? RecordText.TrimmedOrNull(reservedFor) : null;
    }

    private async Task CloseAssignmentAsync(Asset asset, CancellationToken cancellationToken)
    {
        var open = await db.AssetAssignments.Where(a => a.AssetNumber == asset.Number && a.To == null).ToListAsync(cancellationToken);
        open.AddRange(db.AssetAssignments.Local.Where(a => a.AssetNumber == asset.Number && a.To == null && !open.Contains(a)));
        foreach (var assignment in open)
        {
            assignment.To = history.Now;
        }
    }

    private void OpenAssignment(Asset asset, string by)
    {
        if (asset.AssignedPerson is not null || asset.Location is not null)
        {
            db.AssetAssignments.Add(new AssetAssignment { AssetNumber = asset.Number, Person = asset.AssignedPerson, Location = asset.Location, From = history.Now, AssignedBy = by });
        }
    }
}
