using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Assets.Stock;

public sealed record StockroomInput(string? Name, string? Location);

public sealed record StockRuleInput(int? ModelId, int? StockroomId, int? Threshold, int? RestockQuantity);

/// <summary>Stockrooms and stock rules (admins), and moving restock orders on (open → ordered → received).</summary>
public sealed class StockAdmin(ItsmDbContext db, TimeProvider time, Restocking restocking)
{
    /// <exception cref="RecordValidationException"/>
    public async Task<StockroomView> CreateStockroomAsync(StockroomInput input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Length("name", input.Name?.Trim(), Record.CodeLength, required: true);
        errors.Codes(("location", input.Location));
        if (!errors.Any && await db.Stockrooms.AnyAsync(s => s.Name == input.Name!.Trim(), cancellationToken))
        {
            errors.Add("name", $"There is a stockroom '{input.Name!.Trim()}' already.");
        }

        errors.ThrowIfAny("stockroom");
        var stockroom = new Stockroom { Name = input.Name!.Trim(), Location = RecordText.TrimmedOrNull(input.Location) };
        db.Stockrooms.Add(stockroom);
        await db.SaveChangesAsync(cancellationToken);
        return new StockroomView(stockroom.Id, stockroom.Name, stockroom.Location);
    }

    /// <summary>Adds a rule, or changes the rule of the same model and stockroom; then checks it at once (stock may be low already).</summary>
    /// <exception cref="RecordValidationException"/>
    public async Task<StockRule> SaveRuleAsync(StockRuleInput input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (input.ModelId is not { } modelId || !await db.AssetModels.AnyAsync(m => m.Id == modelId, cancellationToken))
        {
            errors.Add("modelId", input.ModelId is null ? "Model is required." : $"There is no model {input.ModelId}.");
        }

        if (input.StockroomId is not { } stockroomId || !await db.Stockrooms.AnyAsync(s => s.Id == stockroomId, cancellationToken))
        {
            errors.Add("stockroomId", input.StockroomId is null ? "Stockroom is required." : $"There is no stockroom {input.StockroomId}.");
        }

        if (input.Threshold is not >= 1)
        {
            errors.Add("threshold", "Threshold is a number of assets, 1 or more.");
        }

        if (input.RestockQuantity is not >= 1)
        {
            errors.Add("restockQuantity", "Restock quantity is a number of assets, 1 or more.");
        }

        errors.ThrowIfAny("stock rule");
        var rule = await db.StockRules.FirstOrDefaultAsync(r => r.ModelId == input.ModelId && r.StockroomId == input.StockroomId, cancellationToken);
        if (rule is null)
        {
            rule = new StockRule { ModelId = input.ModelId!.Value, StockroomId = input.StockroomId!.Value };
            db.StockRules.Add(rule);
        }

        rule.Threshold = input.Threshold!.Value;
        rule.RestockQuantity = input.RestockQuantity!.Value;
        await db.SaveChangesAsync(cancellationToken);
        await restocking.RaiseIfLowAsync(rule.ModelId, rule.StockroomId, cancellationToken);
        return rule;
    }

    /// <exception cref="RecordNotFoundException"/>
    public async Task DeleteRuleAsync(int id, CancellationToken cancellationToken)
    {
        if (await db.StockRules.Where(r => r.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            throw new RecordNotFoundException($"No stock rule {id}.");
        }
    }

    /// <summary>Moves a restock order on: open → ordered → received (or open → received). A received order frees its rule to raise the next.</summary>
    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordTransitionException">Back, or from received.</exception>
    public async Task<RestockOrder> MoveRestockOrderAsync(int id, RestockOrderState to, string by, CancellationToken cancellationToken)
    {
        var order = await db.RestockOrders.FirstOrDefaultAsync(o => o.Id == id, cancellationToken) ?? throw new RecordNotFoundException($"No restock order {id}.");
        RestockOrderState[] allowed = order.State switch
        {
            RestockOrderState.Open => [RestockOrderState.Ordered, RestockOrderState.Received],
            RestockOrderState.Ordered => [RestockOrderState.Received],
            _ => [],
        };
        if (!allowed.Contains(to))
        {
            throw new RecordTransitionException($"Restock order {id}", order.State.ToString(), to.ToString(), [.. allowed.Select(s => s.ToString())]);
        }

        order.State = to;
        order.PendingRuleId = to == RestockOrderState.Received ? null : order.RuleId;
        order.UpdatedAt = time.GetUtcNow().UtcDateTime;
        order.UpdatedBy = by;
        await db.SaveChangesAsync(cancellationToken);
        return order;
    }
}
