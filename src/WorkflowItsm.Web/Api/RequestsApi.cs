using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Requests;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>
/// Requests (REQ) and requested items (RITM): anyone signed in orders in one step and follows her requests with each
/// item's stage; staff read any request; agents and admins move an item's stage (the roll-up closes the request).
/// A requester asking for someone else's request gets 404, as for one that does not exist.
/// </summary>
internal static class RequestsApi
{
    public sealed record OrderRequest(string? RequestedFor, IReadOnlyList<OrderLine>? Items);

    public sealed record StageRequest(RequestedItemState? State, string? Reason);

    public static void Workers(AuthorizationPolicyBuilder policy) => policy.RequireRole(Roles.Agent, Roles.Admin);

    public static RouteGroupBuilder MapRequestsApi(this RouteGroupBuilder api)
    {
        var requests = api.MapGroup("/requests").WithTags("Requests");
        requests.MapPost("/", OrderAsync).WithName("OrderCatalogItems")
            .WithSummary("Order catalog items in one step (without the cart): one request REQ with a requested item RITM per line, for you or — agents and admins only — for the person named in requestedFor. Every line is checked first; when one fails nothing is stored — 400 names items[i].variables.key, 403 an item you may not order or ordering for someone else as a requester, 404 an unknown item or version.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        requests.MapGet("/mine", MineAsync).WithName("ListMyServiceRequests")
            .WithSummary("Your requests (for you or by you), newest first, each item with its stage: requested, awaiting approval, in fulfilment, backordered, delivered, closed incomplete");
        requests.MapGet("/", ListAsync).RequireAuthorization(Policies.WorkTasks).WithName("ListServiceRequests")
            .WithSummary("Requests filtered by state and person requested for, newest first, paged").ProducesProblems(StatusCodes.Status400BadRequest);
        requests.MapGet("/{number}", GetAsync).WithName("GetServiceRequest")
            .WithSummary("A request with its items, their stages and stored values").ProducesProblems(StatusCodes.Status404NotFound);

        var items = api.MapGroup("/requested-items").WithTags("Requests");
        items.MapGet("/{number}", GetItemAsync).WithName("GetRequestedItem")
            .WithSummary("A requested item: its item version, quantity, price, stage, approval, fulfilment process version and values").ProducesProblems(StatusCodes.Status404NotFound);
        items.MapPost("/{number}/transitions", MoveAsync).RequireAuthorization(Workers).WithName("MoveRequestedItem")
            .WithSummary("Move a requested item to another stage (409 lists the allowed ones); the last item to close closes its request (all delivered → complete)")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<Created<ServiceRequestView>> OrderAsync(OrderRequest request, ClaimsPrincipal user, CatalogCheckout checkout, RequestQueries queries, CancellationToken ct)
    {
        var created = await checkout.OrderAsync(request.Items ?? [], request.RequestedFor, Name(user), ct);
        return TypedResults.Created($"/api/requests/{created.Number}", (await queries.GetAsync(created.Number, Name(user), true, ct))!);
    }

    public static async Task<Ok<IReadOnlyList<ServiceRequestView>>> MineAsync(ClaimsPrincipal user, RequestQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.MineAsync(Name(user), ct));

    public static Task<Results<Ok<Page<ServiceRequestListItem>>, ValidationProblem>> ListAsync(
        ServiceRequestState[]? state, string? requestedFor, int? page, int? pageSize, RequestQueries queries, CancellationToken ct) =>
        Paging.Run(page, pageSize, (p, size) => queries.ListAsync(state, requestedFor, p, size, ct));

    public static async Task<Results<Ok<ServiceRequestView>, ProblemHttpResult>> GetAsync(string number, ClaimsPrincipal user, RequestQueries queries, CancellationToken ct) =>
        await queries.GetAsync(number, Name(user), Policies.IsStaff(user), ct) is { } request ? TypedResults.Ok(request) : ApiProblems.NotFound($"No request '{number}'.");

    public static async Task<Results<Ok<RequestedItemView>, ProblemHttpResult>> GetItemAsync(string number, ClaimsPrincipal user, RequestQueries queries, CancellationToken ct) =>
        await queries.GetItemAsync(number, Name(user), Policies.IsStaff(user), ct) is { } item ? TypedResults.Ok(item) : ApiProblems.NotFound($"No requested item '{number}'.");

    public static async Task<Results<Ok<RequestedItemView>, ValidationProblem>> MoveAsync(
        string number, StageRequest request, ClaimsPrincipal user, RequestedItems items, RequestQueries queries, CancellationToken ct)
    {
        if (request.State is not { } to)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["state"] = [$"Name the new stage: {string.Join(", ", Enum.GetNames<RequestedItemState>())}."] });
        }

        await items.MoveAsync(number, new RequestedItemTransition(to, request.Reason), Name(user), ct);
        return TypedResults.Ok((await queries.GetItemAsync(number, Name(user), true, ct))!);
    }

    private static string Name(ClaimsPrincipal user) => user.Identity?.Name ?? string.Empty;
}
