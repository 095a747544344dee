using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Incidents;

/// <summary>What an admin sends for a routing rule: the category (any when empty), the lowest priority it covers (any when empty) and the group.</summary>
public sealed record RoutingRuleInput(string? Category, int? UpToPriority, string? AssignmentGroup);

/// <summary>A rule in the order it is tried (1 first).</summary>
public sealed record RoutingRuleView(int Id, int Position, string? Category, int? UpToPriority, string AssignmentGroup);

/// <summary>The routing rules as the admin keeps them: listed, added at the end, changed, removed and put in another order.</summary>
public sealed class IncidentRoutingRules(ItsmDbContext db)
{
    private const int Step = 10;

    public async Task<IReadOnlyList<RoutingRuleView>> ListAsync(CancellationToken cancellationToken) =>
        (await db.IncidentRoutingRules.AsNoTracking().OrderBy(r => r.Order).ThenBy(r => r.Id).ToListAsync(cancellationToken))
            .Select((r, index) => new RoutingRuleView(r.Id, index + 1, r.Category, r.UpToPriority, r.AssignmentGroup)).ToList();

    /// <summary>Adds a rule (tried last) or changes one in place.</summary>
    /// <exception cref="RecordValidationException"/>
    /// <exception cref="RecordNotFoundException"/>
    public async Task<RoutingRuleView> SaveAsync(int? id, RoutingRuleInput input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var group = RecordText.TrimmedOrNull(input.AssignmentGroup);
        if (group is null)
        {
            errors.Add("assignmentGroup", "Assignment group: choose the group the incidents go to.");
        }
        else if (!await db.Groups.AnyAsync(g => g.Key == group, cancellationToken))
        {
            errors.Add("assignmentGroup", $"Assignment group: there is no group '{group}'.");
        }

        var category = RecordText.TrimmedOrNull(input.Category);
        if (category is { Length: > Record.CodeLength })
        {
            errors.Add("category", $"Category: at most {Record.CodeLength} characters.");
        }

        if (input.UpToPriority is < 1 or > PriorityMatrix.LowestPriority)
        {
            errors.Add("upToPriority", $"Up to priority: a priority from 1 to {PriorityMatrix.LowestPriority}, or empty for any.");
        }

        errors.ThrowIfAny("routing rule");

        var rule = id is { } existing
            ? await db.IncidentRoutingRules.FirstOrDefaultAsync(r => r.Id == existing, cancellationToken) ?? throw new RecordNotFoundException($"No routing rule {existing}.")
            : db.IncidentRoutingRules.Add(new IncidentRoutingRule
            {
                AssignmentGroup = group!,
                Order = (await db.IncidentRoutingRules.MaxAsync(r => (int?)r.Order, cancellationToken) ?? 0) + Step,
            }).Entity;
        rule.Category = category;
        rule.UpToPriority = input.UpToPriority;
        rule.AssignmentGroup = group!;
        await db.SaveChangesAsync(cancellationToken);
        return (await ListAsync(cancellationToken)).Single(r => r.Id == rule.Id);
    }

    /// <exception cref="RecordNotFoundException"/>
    public async Task RemoveAsync(int id, CancellationToken cancellationToken)
    {
        var rule = await db.IncidentRoutingRules.FirstOrDefaultAsync(r => r.Id == id, cancellationToken) ?? throw new RecordNotFoundException($"No routing rule {id}.");
        db.IncidentRoutingRules.Remove(rule);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Puts the rules in the given order (every rule once).</summary>
    /// <exception cref="RecordValidationException">Not exactly the rules there are.</exception>
    public async Task<IReadOnlyList<RoutingRuleView>> ReorderAsync(IReadOnlyList<int> ids, CancellationToken cancellationToken)
    {
        var rules = await db.IncidentRoutingRules.ToListAsync(cancellationToken);
        if (ids.Count != rules.Count || ids.Distinct().Count() != ids.Count || rules.Any(r => !ids.Contains(r.Id)))
        {
            throw new RecordValidationException("routing rule order", new Dictionary<string, string[]>
            {
                ["ids"] = ["Order: list every routing rule exactly once (the list changed meanwhile? reload it)."],
            });
        }

        foreach (var rule in rules)
        {
            rule.Order = (ids.ToList().IndexOf(rule.Id) + 1) * Step;
        }

        await db.SaveChangesAsync(cancellationToken);
        return await ListAsync(cancellationToken);
    }

    /// <summary>Moves a rule one place earlier (-1) or later (+1).</summary>
    public async Task<IReadOnlyList<RoutingRuleView>> MoveAsync(int id, int by, CancellationToken cancellationToken)
    {
        var ids = (await ListAsync(cancellationToken)).Select(r => r.Id).ToList();
        var at = ids.IndexOf(id);
        var to = at + by;
        if (at < 0 || to < 0 || to >= ids.Count)
        {
            return await ListAsync(cancellationToken);
        }

        (ids[at], ids[to]) = (ids[to], ids[at]);
        return await ReorderAsync(ids, cancellationToken);
    }
}
