using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Assets.Stock;

/// <summary>
/// Raises a restock order when a model's available stock in a stockroom falls below its rule's threshold: one per
/// rule until it is received. Two issues at once may both see the stock low; the unique
/// <see cref="RestockOrder.PendingRuleId"/> lets only one of them write the order, the other finds it raised.
/// </summary>
public sealed class Restocking(ItsmDbContext db, TimeProvider time)
{
    /// <summary>Checks the rule of the model in the stockroom (if any) after the stock there went down; saves on its own.</summary>
    /// <returns>The order raised now, or null (no rule, enough stock, or an order pending already).</returns>
    public async Task<RestockOrder?> RaiseIfLowAsync(int modelId, int stockroomId, CancellationToken cancellationToken)
    {
        var rule = await db.StockRules.AsNoTracking().FirstOrDefaultAsync(r => r.ModelId == modelId && r.StockroomId == stockroomId, cancellationToken);
        if (rule is null || await db.RestockOrders.AnyAsync(o => o.PendingRuleId == rule.Id, cancellationToken))
        {
            return null;
        }

        var available = await StockQueries.Available(db).CountAsync(a => a.ModelId == modelId && a.StockroomId == stockroomId, cancellationToken);
        if (available >= rule.Threshold)
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var order = new RestockOrder
        {
            RuleId = rule.Id, ModelId = modelId, StockroomId = stockroomId, Quantity = rule.RestockQuantity, State = RestockOrderState.Open,
            PendingRuleId = rule.Id, AvailableWhenRaised = available, RaisedAt = now, UpdatedAt = now, UpdatedBy = "stock rule",
        };
        db.RestockOrders.Add(order);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return order;
        }
        catch (DbUpdateException)
        {
            db.Entry(order).State = EntityState.Detached;
            if (await db.RestockOrders.AsNoTracking().AnyAsync(o => o.PendingRuleId == rule.Id, cancellationToken))
            {
                // Another issue raised it a moment earlier: that one stands.
                return null;
            }

            throw;
        }
    }
}
