using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Itsm.Assets;

public sealed record AssetFilter(
    IReadOnlyList<AssetState>? States = null, int? ModelId = null, string? AssignedPerson = null, string? Text = null, int? StockroomId = null);

public sealed record AssetListItem(
    string Number, string ShortDescription, int ModelId, string Model, AssetCategory Category, string SerialNumber, string? AssetTag, AssetState State,
    AssetSubstate? Substate, string? AssignedPerson, string? Location, int? StockroomId, DateOnly? WarrantyEnd, DateTime UpdatedAt);

public sealed record AssetView(
    string Number, string ShortDescription, string? Description, int ModelId, string Model, AssetCategory Category, string SerialNumber, string? AssetTag,
    AssetState State, AssetSubstate? Substate, string? AssignedPerson, string? Location, int? StockroomId, string? Stockroom, string? ReservedFor,
    string? OrderNumber, string? Supplier, DateOnly? PurchaseDate, decimal? Cost, DateOnly? WarrantyEnd, DepreciationMethod DepreciationMethod,
    int UsefulLifeMonths, decimal SalvageValue, string? ConfigurationItemNumber, string OpenedBy, DateTime OpenedAt, DateTime UpdatedAt, int Revision);

public sealed record AssetAssignmentView(string? Person, string? Location, DateTime From, DateTime? To, string AssignedBy);

public sealed record AssetDetails(
    AssetView Asset, IReadOnlyList<AssetPosition> AllowedMoves, IReadOnlyList<RecordAuditView> History, IReadOnlyList<AssetAssignmentView> Assignments,
    decimal? BookValueToday, IReadOnlyList<DepreciationPeriod> DepreciationSchedule);

public sealed record WarrantyEndingItem(string Number, string ShortDescription, string Model, string SerialNumber, AssetState State, AssetSubstate? Substate,
    string? AssignedPerson, DateOnly WarrantyEnd, int DaysLeft);

/// <summary>Reads assets for the API and pages; lists are filtered, sorted and paged in the database.</summary>
public sealed class AssetQueries(ItsmDbContext db, RecordTimeline timeline, TimeProvider time)
{
    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public async Task<Page<AssetListItem>> ListAsync(AssetFilter filter, int pageNumber, int pageSize, CancellationToken cancellationToken)
    {
        var query = db.Assets.AsNoTracking();
        if (filter.States is { Count: > 0 } states)
        {
            query = query.Where(a => states.Contains(a.State));
        }

        query = filter.ModelId is { } model ? query.Where(a => a.ModelId == model) : query;
        query = filter.StockroomId is { } stockroom ? query.Where(a => a.StockroomId == stockroom) : query;
        query = string.IsNullOrWhiteSpace(filter.AssignedPerson) ? query : query.Where(a => a.AssignedPerson == filter.AssignedPerson.Trim());
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            var upper = text.ToUpperInvariant();
            var lower = text.ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL LOWER(): no .NET culture is involved, and EF cannot translate the culture overloads
            query = query.Where(a => a.Number == text || a.SerialKey == upper || a.AssetTag == text || a.ShortDescription.ToLower().Contains(lower));
#pragma warning restore CA1304, CA1311, CA1862
        }

        var page = await RecordPaging.PageAsync(query, query, db.Assets.AsNoTracking(), assets => assets.OrderByDescending(a => a.OpenedAt).ThenByDescending(a => a.Id),
            a => new { a.Number, a.ShortDescription, a.ModelId, a.SerialNumber, a.AssetTag, a.State, a.Substate, a.AssignedPerson, a.Location, a.StockroomId, a.WarrantyEnd, a.UpdatedAt },
            pageNumber, pageSize, cancellationToken);
        var modelIds = page.Items.Select(a => a.ModelId).Distinct().ToList();
        var models = await db.AssetModels.AsNoTracking().Where(m => modelIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, cancellationToken);
        return new Page<AssetListItem>(
            [.. page.Items.Select(a => new AssetListItem(a.Number, a.ShortDescription, a.ModelId, models[a.ModelId].DisplayName, models[a.ModelId].Category, a.SerialNumber,
                a.AssetTag, a.State, a.Substate, a.AssignedPerson, a.Location, a.StockroomId, a.WarrantyEnd, a.UpdatedAt))],
            page.Total, page.PageNumber, page.PageSize, page.TotalIsLowerBound);
    }

    public async Task<AssetDetails?> GetAsync(string number, CancellationToken cancellationToken)
    {
        var asset = await db.Assets.AsNoTracking().FirstOrDefaultAsync(a => a.Number == number, cancellationToken);
        if (asset is null)
        {
            return null;
        }

        var model = await db.AssetModels.AsNoTracking().FirstAsync(m => m.Id == asset.ModelId, cancellationToken);
        var stockroom = asset.StockroomId is { } id ? await db.Stockrooms.AsNoTracking().Where(s => s.Id == id).Select(s => s.Name).FirstOrDefaultAsync(cancellationToken) : null;
        var history = await timeline.AuditAsync(number, cancellationToken);
        var assignments = await db.AssetAssignments.AsNoTracking().Where(a => a.AssetNumber == number).OrderByDescending(a => a.From).ThenByDescending(a => a.Id)
            .Select(a => new AssetAssignmentView(a.Person, a.Location, a.From, a.To, a.AssignedBy)).ToListAsync(cancellationToken);
        IReadOnlyList<DepreciationPeriod> schedule = [];
        decimal? bookValue = null;
        if (asset.Cost is { } cost && asset.PurchaseDate is { } purchased)
        {
            schedule = Depreciation.Schedule(asset.DepreciationMethod, cost, asset.SalvageValue, asset.UsefulLifeMonths, purchased);
            bookValue = Depreciation.BookValueAt(asset.DepreciationMethod, cost, asset.SalvageValue, asset.UsefulLifeMonths, purchased, Today);
        }

        return new AssetDetails(ToView(asset, model, stockroom), AssetLifecycle.AllowedFrom(asset.Position), history, assignments, bookValue, schedule);
    }

    /// <summary>Assets not retired whose warranty ends within <paramref name="days"/> days from today (ended ones not listed), soonest first.</summary>
    public async Task<IReadOnlyList<WarrantyEndingItem>> WarrantyEndingAsync(int days, CancellationToken cancellationToken)
    {
        var today = Today;
        var until = today.AddDays(days);
        var rows = await (from a in db.Assets.AsNoTracking()
                          join m in db.AssetModels on a.ModelId equals m.Id
                          where a.WarrantyEnd != null && a.WarrantyEnd >= today && a.WarrantyEnd <= until && a.State != AssetState.Retired
                          orderby a.WarrantyEnd, a.Id
                          select new { a.Number, a.ShortDescription, Model = m.Manufacturer + " " + m.Name, a.SerialNumber, a.State, a.Substate, a.AssignedPerson, a.WarrantyEnd })
            .Take(1000).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new WarrantyEndingItem(r.Number, r.ShortDescription, r.Model, r.SerialNumber, r.State, r.Substate, r.AssignedPerson,
            r.WarrantyEnd!.Value, r.WarrantyEnd.Value.DayNumber - today.DayNumber))];
    }

    public static AssetView ToView(Asset a, AssetModel model, string? stockroom) =>
        new(a.Number, a.ShortDescription, a.Description, a.ModelId, model.DisplayName, model.Category, a.SerialNumber, a.AssetTag, a.State, a.Substate,
            a.AssignedPerson, a.Location, a.StockroomId, stockroom, a.ReservedFor, a.OrderNumber, a.Supplier, a.PurchaseDate, a.Cost, a.WarrantyEnd,
            a.DepreciationMethod, a.UsefulLifeMonths, a.SalvageValue, a.ConfigurationItemNumber, a.OpenedBy, a.OpenedAt, a.UpdatedAt, a.Revision);

    /// <summary>The view of an asset just written (the API's answer).</summary>
    public async Task<AssetView> ViewAsync(Asset asset, CancellationToken cancellationToken)
    {
        var model = await db.AssetModels.AsNoTracking().FirstAsync(m => m.Id == asset.ModelId, cancellationToken);
        var stockroom = asset.StockroomId is { } id ? await db.Stockrooms.AsNoTracking().Where(s => s.Id == id).Select(s => s.Name).FirstOrDefaultAsync(cancellationToken) : null;
        return ToView(asset, model, stockroom);
    }
}
