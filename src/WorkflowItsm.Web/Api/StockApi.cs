using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Itsm.Assets.Stock;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>
/// Stock under /api/assets: staff read stockrooms, levels, rules and restock orders; admins define stockrooms and
/// rules; agents and admins move restock orders on (open → ordered → received; 409 names the allowed moves).
/// </summary>
internal static class StockApi
{
    public sealed record RestockMoveRequest(RestockOrderState? State);

    public static RouteGroupBuilder MapStockApi(this RouteGroupBuilder api)
    {
        var stock = api.MapGroup("/assets").WithTags("Assets").RequireAuthorization(Policies.WorkTasks);
        stock.MapGet("/stockrooms", StockroomsAsync).WithName("ListStockrooms").WithSummary("Stockrooms by name");
        stock.MapPost("/stockrooms", CreateStockroomAsync).RequireAuthorization(AssetsApi.AdminsOnly).WithName("CreateStockroom")
            .WithSummary("Add a stockroom (name, location); admins").ProducesProblems(StatusCodes.Status400BadRequest);
        stock.MapGet("/stock", LevelsAsync).WithName("ListStockLevels")
            .WithSummary("Per model and stockroom: available (what stock counts), reserved and defective assets, against the stock rule's threshold")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        stock.MapGet("/stock-rules", RulesAsync).WithName("ListStockRules").WithSummary("Stock rules: model, stockroom, threshold, restock quantity");
        stock.MapPost("/stock-rules", SaveRuleAsync).RequireAuthorization(AssetsApi.AdminsOnly).WithName("SaveStockRule")
            .WithSummary("Add or change the rule of a model in a stockroom (checked at once); admins").ProducesProblems(StatusCodes.Status400BadRequest);
        stock.MapDelete("/stock-rules/{id:int}", DeleteRuleAsync).RequireAuthorization(AssetsApi.AdminsOnly).WithName("DeleteStockRule")
            .WithSummary("Remove a stock rule; admins").ProducesProblems(StatusCodes.Status404NotFound);
        stock.MapGet("/restock-orders", RestockOrdersAsync).WithName("ListRestockOrders")
            .WithSummary("Restock orders raised by stock rules, newest first; received ones only with all=true")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        stock.MapPost("/restock-orders/{id:int}/state", MoveRestockOrderAsync).RequireAuthorization(AssetsApi.AgentsAndAdmins).WithName("MoveRestockOrder")
            .WithSummary("Mark a restock order ordered or received; 409 names the allowed moves")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<Ok<IReadOnlyList<StockroomView>>> StockroomsAsync(StockQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.StockroomsAsync(ct));

    public static async Task<Created<StockroomView>> CreateStockroomAsync(StockroomInput request, StockAdmin admin, CancellationToken ct)
    {
        var stockroom = await admin.CreateStockroomAsync(request, ct);
        return TypedResults.Created($"/api/assets/stockrooms/{stockroom.Id}", stockroom);
    }

    public static async Task<Ok<IReadOnlyList<StockLevel>>> LevelsAsync(int? stockroom, StockQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.LevelsAsync(stockroom, ct));

    public static async Task<Ok<IReadOnlyList<StockRuleView>>> RulesAsync(StockQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.RulesAsync(ct));

    public static async Task<Ok<StockRuleView>> SaveRuleAsync(StockRuleInput request, StockAdmin admin, StockQueries queries, CancellationToken ct)
    {
        var rule = await admin.SaveRuleAsync(request, ct);
        return TypedResults.Ok(await queries.RuleAsync(rule.Id, ct));
    }

    public static async Task<NoContent> DeleteRuleAsync(int id, StockAdmin admin, CancellationToken ct)
    {
        await admin.DeleteRuleAsync(id, ct);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<IReadOnlyList<RestockOrderView>>> RestockOrdersAsync(bool? all, StockQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.RestockOrdersAsync(all ?? false, ct));

    public static async Task<Results<Ok<RestockOrderView>, ValidationProblem>> MoveRestockOrderAsync(
        int id, RestockMoveRequest request, ClaimsPrincipal user, StockAdmin admin, StockQueries queries, CancellationToken ct)
    {
        if (request.State is not { } to)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["state"] = [$"Name the new state: {string.Join(", ", Enum.GetNames<RestockOrderState>())}."] });
        }

        var order = await admin.MoveRestockOrderAsync(id, to, user.Identity?.Name ?? string.Empty, ct);
        return TypedResults.Ok(await queries.RestockOrderAsync(order.Id, ct));
    }
}
