using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;

namespace WorkflowItsm.Web.Api;

/// <summary>Incident routing rules (admins): which group gets a new incident by its category and priority; tried in order, the first match wins.</summary>
internal static class RoutingRulesApi
{
    public sealed record OrderRequest(IReadOnlyList<int>? Ids);

    public static RouteGroupBuilder MapRoutingRulesApi(this RouteGroupBuilder api)
    {
        var rules = api.MapGroup("/routing-rules").WithTags("Incidents").RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
        rules.MapGet("/", ListAsync)
            .WithName("ListRoutingRules")
            .WithSummary("The routing rules in the order they are tried; an incident no rule matches goes to the service desk");
        rules.MapPost("/", CreateAsync)
            .WithName("CreateRoutingRule")
            .WithSummary("Add a rule, tried after the others; 400 names each invalid field (the group must exist)")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        rules.MapPut("/{id:int}", UpdateAsync)
            .WithName("UpdateRoutingRule")
            .WithSummary("Change a rule's category, priority or group")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        rules.MapDelete("/{id:int}", RemoveAsync)
            .WithName("RemoveRoutingRule")
            .WithSummary("Remove a rule")
            .ProducesProblems(StatusCodes.Status404NotFound);
        rules.MapPut("/order", ReorderAsync)
            .WithName("ReorderRoutingRules")
            .WithSummary("Put the rules in this order (every rule's id once); 400 otherwise")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        return api;
    }

    public static async Task<Ok<IReadOnlyList<RoutingRuleView>>> ListAsync(IncidentRoutingRules rules, CancellationToken ct) => TypedResults.Ok(await rules.ListAsync(ct));

    public static async Task<Created<RoutingRuleView>> CreateAsync(RoutingRuleInput input, IncidentRoutingRules rules, CancellationToken ct)
    {
        var created = await rules.SaveAsync(null, input, ct);
        return TypedResults.Created($"/api/routing-rules/{created.Id}", created);
    }

    public static async Task<Ok<RoutingRuleView>> UpdateAsync(int id, RoutingRuleInput input, IncidentRoutingRules rules, CancellationToken ct) =>
        TypedResults.Ok(await rules.SaveAsync(id, input, ct));

    public static async Task<NoContent> RemoveAsync(int id, IncidentRoutingRules rules, CancellationToken ct)
    {
        await rules.RemoveAsync(id, ct);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<IReadOnlyList<RoutingRuleView>>> ReorderAsync(OrderRequest request, IncidentRoutingRules rules, CancellationToken ct) =>
        TypedResults.Ok(await rules.ReorderAsync(request.Ids ?? [], ct));
}
