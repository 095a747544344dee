using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Requests;

/// <summary>
/// Checkout: every line is checked first — the item and version exist (404), the person may order it (403), the
/// quantity and the form hold (400 naming <c>items[i].variables.key</c>) — and nothing is stored when one fails.
/// Then one request REQ… for the person requested for, with one requested item RITM… per line carrying its item
/// version, quantity, price and stored values, all in one save. A line whose version names an approval rule awaits
/// that approval (asked in the same save); the others go to fulfilment, whose process starts after the save.
/// </summary>
public sealed class CatalogCheckout(
    ItsmDbContext db, CatalogForms forms, RecordNumbers numbers, RecordHistory history, ApprovalService approvals, RequestedItems items)
{
    public const string Kind = "request";

    /// <summary>Orders the lines given (the API's one-step order).</summary>
    public async Task<ServiceRequest> OrderAsync(IReadOnlyList<OrderLine> lines, string? requestedFor, string by, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (lines.Count == 0)
        {
            errors.Add("items", "Order at least one item.");
        }

        var checkedLines = new List<(CatalogItemVersion Version, CatalogItemDefinition Item, int Quantity, CheckedForm Form)>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (string.IsNullOrWhiteSpace(line.Item))
            {
                errors.Add($"items[{i}].item", "Name the catalog item.");
                continue;
            }

            var version = await forms.VersionAsync(line.Item.Trim(), line.Version, cancellationToken);
            var item = version.Definition;
            await forms.EnsureMayOrderAsync(version, item, by, cancellationToken);
            var quantity = Cart.CheckQuantity(errors, $"items[{i}].quantity", line.Quantity);
            var form = await forms.EvaluateAsync(item, line.Variables ?? new Dictionary<string, object?>(), quantity, cancellationToken);
            foreach (var (variable, message) in form.Form.Errors)
            {
                errors.Add($"items[{i}].variables.{variable}", message);
            }

            if (item.ApprovalRuleKey is { } rule && !await db.ApprovalRules.AnyAsync(r => r.Key == rule && r.IsActive && r.RecordKind == RecordNumbers.RequestedItem, cancellationToken))
            {
                errors.Add($"items[{i}].item", $"{item.Name} cannot be ordered now: its approval rule '{rule}' is not active. Tell the catalog's owner.");
            }

            checkedLines.Add((version, item, quantity, form));
        }

        var forWhom = RecordText.TrimmedOrNull(requestedFor) ?? by;
        if (!await db.Users.AnyAsync(u => u.UserName == forWhom, cancellationToken))
        {
            errors.Add("requestedFor", $"There is nobody called '{forWhom}'.");
        }
        else if (forWhom != by && !await MayOrderForOthersAsync(by, cancellationToken))
        {
            throw CatalogOrderForbiddenException.OnBehalf(by, forWhom);
        }

        errors.ThrowIfAny(Kind);
        return await CreateAsync(checkedLines, forWhom, by, cancellationToken);
    }

    /// <summary>Orders the person's cart and empties it, or stores nothing (the cart included) when a line fails.</summary>
    public async Task<ServiceRequest> CheckoutCartAsync(string owner, string? requestedFor, CancellationToken cancellationToken)
    {
        var cart = await db.Set<CartLine>().Where(l => l.Owner == owner).OrderBy(l => l.Id).ToListAsync(cancellationToken);
        if (cart.Count == 0)
        {
            throw new RecordValidationException(Kind, new Dictionary<string, string[]> { ["items"] = ["Your cart is empty."] });
        }

        var lines = cart.Select(l => new OrderLine(l.ItemKey, l.ItemVersion, l.Quantity,
            JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(l.Values)!.ToDictionary(v => v.Key, v => (object?)v.Value, StringComparer.Ordinal))).ToList();
        db.RemoveRange(cart);
        return await OrderAsync(lines, requestedFor, owner, cancellationToken);
    }

    /// <summary>Roles whose holders order for other people: the service desk takes orders by phone, admins set people up.</summary>
    public static readonly string[] OnBehalfRoles = [Roles.Agent, Roles.Admin];

    /// <summary>
    /// A requester orders for herself only; agents and admins order for anyone. (Managers ordering for their people
    /// wait for the directory to know who manages whom.)
    /// </summary>
    public Task<bool> MayOrderForOthersAsync(string person, CancellationToken cancellationToken) =>
        db.Set<IdentityUserRole<string>>().Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .Join(db.Users, x => x.UserId, u => u.Id, (x, u) => new { u.UserName, x.Name })
            .AnyAsync(x => x.UserName == person && OnBehalfRoles.Contains(x.Name!), cancellationToken);

    private async Task<ServiceRequest> CreateAsync(
        List<(CatalogItemVersion Version, CatalogItemDefinition Item, int Quantity, CheckedForm Form)> lines, string requestedFor, string by, CancellationToken cancellationToken)
    {
        var now = history.Now;
        var itemNumbers = await numbers.NextRangeAsync(RecordNumbers.RequestedItem, lines.Count, cancellationToken);
        var request = new ServiceRequest
        {
            Number = await numbers.NextAsync(RecordNumbers.Request, cancellationToken),
            ShortDescription = Summary(lines.Select(l => l.Item.Name)),
            RequestedFor = requestedFor,
            State = ServiceRequestState.Open,
            OpenedBy = by,
            OpenedAt = now,
            UpdatedAt = now,
        };
        db.Add(request);
        history.Created(request, by);
        for (var i = 0; i < lines.Count; i++)
        {
            var (version, item, quantity, form) = lines[i];
            var requested = new RequestedItem
            {
                Number = itemNumbers[i],
                RequestNumber = request.Number,
                ShortDescription = item.Name.Length <= Record.ShortDescriptionLength ? item.Name : item.Name[..Record.ShortDescriptionLength],
                ItemKey = version.ItemKey,
                ItemVersionId = version.Id,
                ItemVersion = version.Version,
                Quantity = quantity,
                UnitPrice = form.UnitPrice,
                RequestedFor = requestedFor,
                ProcessKey = item.FulfilmentProcessKey,
                State = RequestedItemState.Requested,
                OpenedBy = by,
                OpenedAt = now,
                UpdatedAt = now,
                Values = [.. form.Form.Values.Select(v => new RequestedItemValue { Key = v.Key, Value = v.Value })],
            };
            request.Items.Add(requested);
            history.Created(requested, by);
            var before = requested.AuditedFields();
            if (item.ApprovalRuleKey is { } rule)
            {
                requested.State = RequestedItemState.AwaitingApproval;
                history.Changed(requested, before, by);
                var variables = ApprovalVariables(requested, form);
                requested.ApprovalId = (await approvals.RequestAsync(requested.Number, rule, variables, null, by, cancellationToken)).Id;
            }
            else
            {
                requested.State = RequestedItemState.Fulfilment;
                history.Changed(requested, before, by);
            }
        }

        RequestRollUp.Apply(request, history, by);
        await RecordStore.SaveThroughAsync(request, () => db.SaveChangesAsync(cancellationToken));
        foreach (var requested in request.Items.Where(r => r.State == RequestedItemState.Fulfilment))
        {
            await items.StartFulfilmentAsync(requested, by, cancellationToken);
        }

        return request;
    }

    /// <summary>What an approval rule's condition can read: the line's values, price, quantity and total.</summary>
    private static Dictionary<string, object?> ApprovalVariables(RequestedItem item, CheckedForm form)
    {
        var variables = form.Form.Values.ToDictionary(v => v.Key, v => (object?)v.Value, StringComparer.Ordinal);
        variables["item"] = item.ItemKey;
        variables["price"] = form.UnitPrice;
        variables["quantity"] = item.Quantity;
        variables["total"] = form.UnitPrice * item.Quantity;
        variables["requestedFor"] = item.RequestedFor;
        return variables;
    }

    private static string Summary(IEnumerable<string> names)
    {
        var text = string.Join(", ", names);
        return text.Length <= Record.ShortDescriptionLength ? text : text[..(Record.ShortDescriptionLength - 1)] + "…";
    }
}
