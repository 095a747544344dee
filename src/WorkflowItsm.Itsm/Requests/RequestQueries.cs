using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Itsm.Requests;

/// <summary>A stored variable as people read it: its label from the item version it was ordered with.</summary>
public sealed record RequestedValueView(string Key, string Label, string Value);

/// <summary>A requested item with its stage in words.</summary>
public sealed record RequestedItemView(
    string Number, string RequestNumber, string Item, string Name, int ItemVersion, int Quantity, decimal UnitPrice, string RequestedFor,
    RequestedItemState State, string Stage, string? ApprovalId, string? ProcessKey, int? ProcessVersion, DateTime OpenedAt, DateTime? ClosedAt,
    IReadOnlyList<RequestedValueView> Values);

/// <summary>A request with its items.</summary>
public sealed record ServiceRequestView(
    string Number, string ShortDescription, string RequestedFor, string RequestedBy, ServiceRequestState State, string StateText,
    DateTime OpenedAt, DateTime? ClosedAt, IReadOnlyList<RequestedItemView> Items);

/// <summary>A request in a list.</summary>
public sealed record ServiceRequestListItem(string Number, string ShortDescription, string RequestedFor, string RequestedBy, ServiceRequestState State, string StateText, DateTime OpenedAt);

/// <summary>
/// Requests as people read them: a requester sees those she asked for or that were asked for her (anything else is
/// "not found", never "forbidden"), staff see all; each item with its stage and its values labelled by its version.
/// </summary>
public sealed class RequestQueries(ItsmDbContext db)
{
    public const int MineLimit = 100;

    public async Task<IReadOnlyList<ServiceRequestView>> MineAsync(string person, CancellationToken cancellationToken)
    {
        var requests = await db.Set<ServiceRequest>().AsNoTracking().Include(r => r.Items).ThenInclude(i => i.Values).AsSplitQuery()
            .Where(r => r.RequestedFor == person || r.OpenedBy == person)
            .OrderByDescending(r => r.OpenedAt).ThenByDescending(r => r.Id).Take(MineLimit).ToListAsync(cancellationToken);
        return await ViewsAsync(requests, cancellationToken);
    }

    public async Task<Page<ServiceRequestListItem>> ListAsync(ServiceRequestState[]? states, string? requestedFor, int pageNumber, int pageSize, CancellationToken cancellationToken)
    {
        var query = db.Set<ServiceRequest>().AsNoTracking();
        if (states is { Length: > 0 })
        {
            query = query.Where(r => states.Contains(r.State));
        }

        if (RecordText.TrimmedOrNull(requestedFor) is { } person)
        {
            query = query.Where(r => r.RequestedFor == person);
        }

        var page = await RecordPaging.PageAsync(query, query, db.Set<ServiceRequest>().AsNoTracking(), q => q.OrderByDescending(r => r.OpenedAt).ThenByDescending(r => r.Id),
            r => new ServiceRequestListItem(r.Number, r.ShortDescription, r.RequestedFor, r.OpenedBy, r.State, "", r.OpenedAt), pageNumber, pageSize, cancellationToken);
        return page with { Items = [.. page.Items.Select(i => i with { StateText = RequestLabels.Request(i.State) })] };
    }

    /// <summary>The request, or null when there is none the viewer may see.</summary>
    public async Task<ServiceRequestView?> GetAsync(string number, string viewer, bool isStaff, CancellationToken cancellationToken)
    {
        var request = await db.Set<ServiceRequest>().AsNoTracking().Include(r => r.Items).ThenInclude(i => i.Values).AsSplitQuery()
            .FirstOrDefaultAsync(r => r.Number == number && (isStaff || r.RequestedFor == viewer || r.OpenedBy == viewer), cancellationToken);
        return request is null ? null : (await ViewsAsync([request], cancellationToken))[0];
    }

    /// <summary>The requested item, or null when there is none the viewer may see.</summary>
    public async Task<RequestedItemView?> GetItemAsync(string number, string viewer, bool isStaff, CancellationToken cancellationToken)
    {
        var item = await db.Set<RequestedItem>().AsNoTracking().Include(i => i.Values)
            .FirstOrDefaultAsync(i => i.Number == number && (isStaff || i.RequestedFor == viewer || i.OpenedBy == viewer), cancellationToken);
        return item is null ? null : (await ItemViewsAsync([item], cancellationToken))[0];
    }

    private async Task<IReadOnlyList<ServiceRequestView>> ViewsAsync(IReadOnlyList<ServiceRequest> requests, CancellationToken cancellationToken)
    {
        var items = await ItemViewsAsync([.. requests.SelectMany(r => r.Items)], cancellationToken);
        return [.. requests.Select(r => new ServiceRequestView(r.Number, r.ShortDescription, r.RequestedFor, r.OpenedBy, r.State, RequestLabels.Request(r.State), r.OpenedAt, r.ClosedAt,
            [.. items.Where(i => i.RequestNumber == r.Number).OrderBy(i => i.Number, StringComparer.Ordinal)]))];
    }

    private async Task<IReadOnlyList<RequestedItemView>> ItemViewsAsync(IReadOnlyList<RequestedItem> items, CancellationToken cancellationToken)
    {
        var versionIds = items.Select(i => i.ItemVersionId).Distinct().ToList();
        var versions = (await db.Set<CatalogItemVersion>().AsNoTracking().Where(v => versionIds.Contains(v.Id)).ToListAsync(cancellationToken))
            .ToDictionary(v => v.Id, v => v.Definition);
        // An item's fulfilment workflow may ask approvals of its own (the manager, finance): while one is open the
        // requester reads "Awaiting approval", and the item's page offers that vote.
        var fulfilling = items.Where(i => i.State == RequestedItemState.Fulfilment).Select(i => i.Number).ToList();
        var openApprovals = fulfilling.Count == 0 ? [] : (await db.Approvals.AsNoTracking()
                .Where(a => fulfilling.Contains(a.RecordNumber) && (a.State == ApprovalState.Pending || a.State == ApprovalState.Escalated))
                .OrderBy(a => a.RequestedAt).Select(a => new { a.RecordNumber, a.Id }).ToListAsync(cancellationToken))
            .GroupBy(a => a.RecordNumber).ToDictionary(g => g.Key, g => g.Last().Id);
        return [.. items.Select(i =>
        {
            var definition = versions[i.ItemVersionId];
            var values = definition.Variables.Where(v => i.Values.Any(x => x.Key == v.Key))
                .Select(v => new RequestedValueView(v.Key, v.Label, i.Values.First(x => x.Key == v.Key).Value)).ToList();
            var workflowApproval = openApprovals.GetValueOrDefault(i.Number);
            return new RequestedItemView(i.Number, i.RequestNumber, i.ItemKey, definition.Name, i.ItemVersion, i.Quantity, i.UnitPrice, i.RequestedFor, i.State,
                workflowApproval is null ? RequestLabels.Stage(i.State) : RequestLabels.Stage(RequestedItemState.AwaitingApproval),
                workflowApproval ?? i.ApprovalId, i.ProcessKey, i.ProcessVersion, i.OpenedAt, i.ClosedAt, values);
        })];
    }
}
