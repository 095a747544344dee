using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Itsm.Requests;

/// <summary>A move of a requested item to another stage; a reason (why it closes incomplete, say) becomes a work note.</summary>
public sealed record RequestedItemTransition(RequestedItemState To, string? Reason = null);

/// <summary>
/// A requested item's stages: moved by people (agents) or, later, by its fulfilment workflow, along
/// <see cref="RequestLifecycles.Item"/>; a closed item closes its request when it was the last open one (roll-up).
/// Fulfilment starts the process the item's version names (<see cref="RecordWorkflow"/>: a process not deployed
/// leaves the item to be worked by hand) and keeps the process version the instance runs.
/// </summary>
public sealed class RequestedItems(
    ItsmDbContext db, RecordStore store, RecordHistory history, RecordWorkflow workflow, ApprovalService approvals)
{
    public const string Kind = "requested item";

    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordTransitionException"/>
    public async Task<RequestedItem> MoveAsync(string number, RequestedItemTransition transition, string by, CancellationToken cancellationToken)
    {
        var item = await FindAsync(number, cancellationToken);
        var errors = new FieldErrors();
        errors.Texts(("reason", transition.Reason));
        errors.ThrowIfAny(Kind);
        item.Lifecycle.EnsureAllowed(item, transition.To);
        var wasAwaitingApproval = item.State == RequestedItemState.AwaitingApproval;
        await MoveAsync(item, transition.To, transition.Reason, by, cancellationToken);
        await store.SaveAsync(item, cancellationToken);
        if (transition.To == RequestedItemState.Fulfilment && wasAwaitingApproval)
        {
            await StartFulfilmentAsync(item, by, cancellationToken);
        }

        if (wasAwaitingApproval && !item.IsOpen)
        {
            await approvals.CancelOpenAsync(item.Number, $"{item.Number} is {RequestLabels.Stage(item.State).ToLowerInvariant()}.", by, cancellationToken);
        }

        return item;
    }

    /// <summary>Moves the tracked item in the unit of work (the caller saves), closing its request when it was the last open item.</summary>
    internal async Task MoveAsync(RequestedItem item, RequestedItemState to, string? reason, string by, CancellationToken cancellationToken)
    {
        var before = item.AuditedFields();
        item.State = to;
        if (!item.IsOpen)
        {
            item.ClosedAt = history.Now;
        }

        if (RecordText.TrimmedOrNull(reason) is { } why)
        {
            history.AddNote(item, RecordNoteKind.WorkNote, $"{RequestLabels.Stage(to)}: {why}", by);
        }

        history.Changed(item, before, by);
        if (!item.IsOpen)
        {
            var request = await db.Set<ServiceRequest>().Include(r => r.Items).FirstAsync(r => r.Id == item.RequestId, cancellationToken);
            RequestRollUp.Apply(request, history, by);
        }
    }

    /// <summary>
    /// Starts the fulfilment process the item's version names, if it is deployed (a later round's workflows), and
    /// keeps which version of it the instance runs; without one the item is fulfilled by hand.
    /// </summary>
    public async Task StartFulfilmentAsync(RequestedItem item, string by, CancellationToken cancellationToken)
    {
        if (item.ProcessKey is not { } process)
        {
            return;
        }

        var variables = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["requestNumber"] = item.RequestNumber, ["requestedItem"] = item.Number, ["item"] = item.ItemKey, ["itemVersion"] = item.ItemVersion,
            ["quantity"] = item.Quantity, ["requestedFor"] = item.RequestedFor,
        };
        foreach (var value in item.Values)
        {
            variables.TryAdd(value.Key, value.Value);
        }

        await workflow.StartAsync(item, process, by, variables, cancellationToken);
        var instance = await db.ProcessInstances.AsNoTracking().Where(i => i.DefinitionKey == process && i.BusinessKey == item.Number)
            .OrderByDescending(i => i.StartedAt).Select(i => new { i.Id, i.DefinitionVersion }).FirstOrDefaultAsync(cancellationToken);
        if (instance is not null)
        {
            item.ProcessInstanceId ??= instance.Id;
            item.ProcessVersion = instance.DefinitionVersion;
            await store.SaveAsync(item, cancellationToken);
        }
    }

    /// <summary>The tracked item with its values.</summary>
    /// <exception cref="RecordNotFoundException"/>
    public async Task<RequestedItem> FindAsync(string number, CancellationToken cancellationToken) =>
        await db.Set<RequestedItem>().Include(i => i.Values).FirstOrDefaultAsync(i => i.Number == number, cancellationToken)
        ?? throw RecordNotFoundException.For(Kind, number);
}

/// <summary>
/// Closure rolls up: a request closes when its last item closes — complete when every item was delivered, incomplete
/// when any was not.
/// </summary>
public static class RequestRollUp
{
    public static void Apply(ServiceRequest request, RecordHistory history, string by)
    {
        if (!request.IsOpen || request.Items.Count == 0 || request.Items.Any(i => i.IsOpen))
        {
            return;
        }

        var before = request.AuditedFields();
        request.State = request.Items.All(i => i.State == RequestedItemState.ClosedComplete) ? ServiceRequestState.ClosedComplete : ServiceRequestState.ClosedIncomplete;
        request.ClosedAt = history.Now;
        history.Changed(request, before, by);
    }
}

/// <summary>
/// A requested item awaiting its approval moves on the decision, in the deciding vote's unit of work: approved → in
/// fulfilment (its process starts after the commit, through a job), rejected or cancelled → closed incomplete.
/// </summary>
public sealed class RequestedItemApprovals(IServiceProvider services, IJobs jobs) : IApprovalDecisionObserver
{
    public async Task ApprovalDecidedAsync(Approval approval, Record record, string by, CancellationToken cancellationToken)
    {
        if (record is not RequestedItem { State: RequestedItemState.AwaitingApproval } item || item.ApprovalId is { } id && id != approval.Id)
        {
            return;
        }

        var items = services.GetRequiredService<RequestedItems>();
        switch (approval.State)
        {
            case ApprovalState.Approved:
                await items.MoveAsync(item, RequestedItemState.Fulfilment, null, by, cancellationToken);
                if (item.ProcessKey is not null)
                {
                    jobs.Enqueue<RequestedItemFulfilmentJob>(job => job.RunAsync(item.Number, by, CancellationToken.None));
                }

                break;
            case ApprovalState.Rejected or ApprovalState.Cancelled:
                await items.MoveAsync(item, RequestedItemState.ClosedIncomplete, approval.Outcome, by, cancellationToken);
                break;
        }
    }
}

/// <summary>Starts an approved item's fulfilment process after the approving vote committed.</summary>
public sealed class RequestedItemFulfilmentJob(RequestedItems items)
{
    public async Task RunAsync(string number, string by, CancellationToken cancellationToken)
    {
        var item = await items.FindAsync(number, cancellationToken);
        if (item.State == RequestedItemState.Fulfilment && item.ProcessInstanceId is null)
        {
            await items.StartFulfilmentAsync(item, by, cancellationToken);
        }
    }
}
