using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Requests;

/// <summary>
/// First step of every fulfilment workflow: links the instance to its requested item (business key, or the variable
/// requestedItem set when fulfilment starts) and tells the next steps whether to ask an approval — only when the
/// item's version names a rule that was not already asked at checkout, so that nobody is asked twice — and which
/// groups get a catalog task.
/// </summary>
[ServiceTask("request.register", DisplayName = "Register requested item",
    Description = "Links this process to its requested item (variable requestedItem); sets needsApproval and approvalRule (the item's rule when checkout did not ask it) and fulfilmentGroups (the variable fulfilmentGroups, comma-separated, else service-desk).")]
[ServiceTaskOutput("needsApproval", ServiceTaskPropertyType.Boolean, Description = "Whether the item's approval rule still has to be asked.")]
[ServiceTaskOutput("fulfilmentGroups", ServiceTaskPropertyType.Json, Description = "The groups that each get a catalog task (the multi-instance collection); fulfilmentGroup is the first.")]
[ServiceTaskOutput("overFinanceLimit", ServiceTaskPropertyType.Boolean, Description = "Whether the item's total (price × quantity) is above financeLimit (default 1,500): finance approves it.")]
public sealed class RegisterRequestedItemHandler(RequestedItems items, ItsmDbContext db) : IServiceTaskHandler
{
    public const string DefaultGroup = "service-desk";
    public const decimal DefaultFinanceLimit = 1500m;

    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var item = await items.FindAsync(RequestHandlerInputs.Number(context), cancellationToken);
        item.ProcessInstanceId ??= context.ProcessInstanceId;
        var snapshot = await db.Set<CatalogItemVersion>().AsNoTracking().Where(v => v.Id == item.ItemVersionId).Select(v => v.Snapshot).FirstAsync(cancellationToken);
        var rule = item.ApprovalId is null ? CatalogItemDefinition.FromJson(snapshot).ApprovalRuleKey : null;
        var groups = (RequestHandlerInputs.Text(context, "fulfilmentGroups") ?? DefaultGroup)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).Select(g => (object?)g).ToList();
        if (groups.Count == 0)
        {
            groups.Add(DefaultGroup);
        }

        var limit = decimal.TryParse(RequestHandlerInputs.Text(context, "financeLimit"), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) ? parsed : DefaultFinanceLimit;
        var total = item.UnitPrice * item.Quantity;
        return ServiceTaskResult.With(
            ("recordNumber", item.Number),
            ("requestedItem", item.Number),
            ("requestedFor", item.RequestedFor),
            ("price", item.UnitPrice),
            ("total", total),
            ("overFinanceLimit", total > limit),
            ("needsApproval", rule is not null),
            ("approvalRule", rule),
            ("fulfilmentGroups", groups),
            ("fulfilmentGroup", groups[0]));
    }
}

/// <summary>Closes the requested item complete (delivered); the request closes with its last item.</summary>
[ServiceTask("request.complete", DisplayName = "Close requested item complete",
    Description = "Moves the requested item to Closed complete (delivered); its request closes when it was the last open item.")]
public sealed class CompleteRequestedItemHandler(RequestedItems items) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        await RequestHandlerInputs.CloseAsync(items, context, RequestedItemState.ClosedComplete, null, cancellationToken);
        return ServiceTaskResult.Empty;
    }
}

/// <summary>
/// Closes the requested item incomplete — its approval was rejected, or a task was completed as not done — with the
/// reason as a work note; the request closes with its last item (incomplete, then).
/// </summary>
[ServiceTask("request.incomplete", DisplayName = "Close requested item incomplete",
    Description = "Moves the requested item to Closed incomplete with the reason: closeReason, else the notes of a task not done (fulfilmentNotes), else the rejected approval.")]
public sealed class CloseRequestedItemIncompleteHandler(RequestedItems items, ItsmDbContext db) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var reason = RequestHandlerInputs.Text(context, "closeReason") ?? await ReasonAsync(context, cancellationToken);
        await RequestHandlerInputs.CloseAsync(items, context, RequestedItemState.ClosedIncomplete, reason, cancellationToken);
        return ServiceTaskResult.Empty;
    }

    private async Task<string> ReasonAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        if (RequestHandlerInputs.Text(context, "fulfilmentOutcome") == "notDone")
        {
            return RequestHandlerInputs.Text(context, "fulfilmentNotes") ?? "A fulfilment task could not be done.";
        }

        if (RequestHandlerInputs.Text(context, "approvalOutcome") == "rejected" && RequestHandlerInputs.Text(context, "approvalId") is { } id)
        {
            var rule = await db.Approvals.AsNoTracking().Where(a => a.Id == id).Select(a => a.RuleName).FirstOrDefaultAsync(cancellationToken);
            return $"Rejected ({rule ?? "approval"}).";
        }

        return "It could not be fulfilled.";
    }
}

internal static class RequestHandlerInputs
{
    public static string Number(ServiceTaskContext context) =>
        WorkflowVariables.RecordNumber(context, "requestedItem", "it is started by a requested item's fulfilment");

    /// <summary>The variable as text; an empty form field counts as not given.</summary>
    public static string? Text(ServiceTaskContext context, string name) => WorkflowVariables.Text(context, name) is { Length: > 0 } text ? text : null;

    /// <summary>Who the audit names for a step of the flow.</summary>
    public const string By = "workflow";

    /// <summary>Closes the item unless someone closed it by hand already (then the flow just ends).</summary>
    public static async Task CloseAsync(RequestedItems items, ServiceTaskContext context, RequestedItemState to, string? reason, CancellationToken cancellationToken)
    {
        var item = await items.FindAsync(Number(context), cancellationToken);
        if (item.IsOpen)
        {
            await items.MoveAsync(item, to, reason, By, cancellationToken);
        }
    }
}
