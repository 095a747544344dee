using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Assets.Stock;

public sealed record StockroomView(int Id, string Name, string? Location);

/// <summary>How many of a model are available in a stockroom, against its rule's threshold when there is one.</summary>
public sealed record StockLevel(int ModelId, string Model, int StockroomId, string Stockroom, int Available, int Reserved, int Defective, int? Threshold, int? RestockQuantity)
{
    public bool IsLow => Threshold is { } threshold && Available < threshold;
}

public sealed record StockRuleView(int Id, int ModelId, string Model, int StockroomId, string Stockroom, int Threshold, int RestockQuantity);

public sealed record RestockOrderView(int Id, int RuleId, int ModelId, string Model, int StockroomId, string Stockroom, int Quantity, RestockOrderState State,
    int AvailableWhenRaised, DateTime RaisedAt, DateTime UpdatedAt, string? UpdatedBy);

/// <summary>Reads stockrooms, stock levels, rules and restock orders; levels are counted by the database, grouped per model and stockroom.</summary>
public sealed class StockQueries(ItsmDbContext db)
{
    /// <summary>Assets in stock and available: what stock counts.</summary>
    public static IQueryable<Asset> Available(ItsmDbContext db) =>
        db.Assets.Where(a => a.State == AssetState.InStock && a.Substate == AssetSubstate.Available);

    public async Task<IReadOnlyList<StockroomView>> StockroomsAsync(CancellationToken cancellationToken) =>
        await db.Stockrooms.AsNoTracking().OrderBy(s => s.Name).Select(s => new StockroomView(s.Id, s.Name, s.Location)).ToListAsync(cancellationToken);

    /// <summary>Every model with stock or a rule in a stockroom: available, reserved and defective counts, and the rule's threshold.</summary>
    public async Task<IReadOnlyList<StockLevel>> LevelsAsync(int? stockroomId, CancellationToken cancellationToken)
    {
        var counts = await db.Assets.AsNoTracking()
            .Where(a => a.State == AssetState.InStock && a.StockroomId != null && (stockroomId == null || a.StockroomId == stockroomId))
            .GroupBy(a => new { a.ModelId, StockroomId = a.StockroomId!.Value, a.Substate })
            .Select(g => new { g.Key.ModelId, g.Key.StockroomId, g.Key.Substate, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var rules = await db.StockRules.AsNoTracking().Where(r => stockroomId == null || r.StockroomId == stockroomId).ToListAsync(cancellationToken);
        var models = await db.AssetModels.AsNoTracking().ToDictionaryAsync(m => m.Id, m => m.Manufacturer + " " + m.Name, cancellationToken);
        var stockrooms = await db.Stockrooms.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        var keys = counts.Select(c => (c.ModelId, c.StockroomId)).Concat(rules.Select(r => (r.ModelId, r.StockroomId))).Distinct();
        return
        [
            .. keys.Select(key =>
            {
                int Count(AssetSubstate substate) => counts.Where(c => c.ModelId == key.ModelId && c.StockroomId == key.StockroomId && c.Substate == substate).Sum(c => c.Count);
                var rule = rules.FirstOrDefault(r => r.ModelId == key.ModelId && r.StockroomId == key.StockroomId);
                return new StockLevel(key.ModelId, models[key.ModelId], key.StockroomId, stockrooms[key.StockroomId],
                    Count(AssetSubstate.Available), Count(AssetSubstate.Reserved), Count(AssetSubstate.Defective), rule?.Threshold, rule?.RestockQuantity);
            }).OrderBy(l => l.Stockroom, StringComparer.Ordinal).ThenBy(l => l.Model, StringComparer.Ordinal),
        ];
    }

    public async Task<IReadOnlyList<StockRuleView>> RulesAsync(CancellationToken cancellationToken) =>
        await Rules(db.StockRules.AsNoTracking()).ToListAsync(cancellationToken);

    public Task<StockRuleView> RuleAsync(int id, CancellationToken cancellationToken) =>
        Rules(db.StockRules.AsNoTracking().Where(r => r.Id == id)).FirstAsync(cancellationToken);

    /// <summary>Restock orders, newest first; only those not yet received unless <paramref name="includeReceived"/>.</summary>
    public async Task<IReadOnlyList<RestockOrderView>> RestockOrdersAsync(bool includeReceived, CancellationToken cancellationToken) =>
        await Orders(db.RestockOrders.AsNoTracking().Where(o => includeReceived || o.State != RestockOrderState.Received)).Take(500).ToListAsync(cancellationToken);

    public Task<RestockOrderView> RestockOrderAsync(int id, CancellationToken cancellationToken) =>
        Orders(db.RestockOrders.AsNoTracking().Where(o => o.Id == id)).FirstAsync(cancellationToken);

    private IQueryable<StockRuleView> Rules(IQueryable<StockRule> rules) =>
        from r in rules
        join m in db.AssetModels on r.ModelId equals m.Id
        join s in db.Stockrooms on r.StockroomId equals s.Id
        orderby s.Name, m.Manufacturer, m.Name
        select new StockRuleView(r.Id, r.ModelId, m.Manufacturer + " " + m.Name, r.StockroomId, s.Name, r.Threshold, r.RestockQuantity);

    private IQueryable<RestockOrderView> Orders(IQueryable<RestockOrder> orders) =>
        from o in orders
        join m in db.AssetModels on o.ModelId equals m.Id
        join s in db.Stockrooms on o.StockroomId equals s.Id
        orderby o.RaisedAt descending, o.Id descending
        select new RestockOrderView(o.Id, o.RuleId, o.ModelId, m.Manufacturer + " " + m.Name, o.StockroomId, s.Name, o.Quantity, o.State,
            o.AvailableWhenRaised, o.RaisedAt, o.UpdatedAt, o.UpdatedBy);
}
