using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>
/// The CMDB graph view's data and the CMDB's health (staff read): a CI's direct neighbours a page at a time (limit
/// 1-200, default 50; <c>more</c> says how many are left), and the counts of stale, orphaned and duplicate CIs, each
/// listed by <c>GET /api/cmdb/cis?health=stale|orphan|duplicate</c>.
/// </summary>
internal static class CmdbGraphApi
{
    public static RouteGroupBuilder MapCmdbGraphApi(this RouteGroupBuilder api)
    {
        var cmdb = api.MapGroup("/cmdb").WithTags("CMDB").RequireAuthorization(Policies.WorkTasks);
        cmdb.MapGet("/cis/{number}/neighbours", NeighboursAsync)
            .WithName("CiNeighbours")
            .WithSummary("A CI's direct neighbours and the relations joining them (read source → target: \"runs on\"), a page at a time: skip, limit 1-200 (default 50); more: how many are left")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        cmdb.MapGet("/health", HealthAsync)
            .WithName("CmdbHealth")
            .WithSummary("How many CIs are stale (no source wrote them within their class's refresh period), orphans (an application or software instance that runs on nothing) and duplicates (same class, same name or serial number ignoring case and spaces)");
        return api;
    }

    public static async Task<Results<Ok<CiNeighbourhood>, ValidationProblem, ProblemHttpResult>> NeighboursAsync(
        string number, int? skip, int? limit, CiNeighbours neighbours, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (skip is < 0)
        {
            errors["skip"] = ["skip is 0 or more."];
        }

        if (limit is < 1 or > CiNeighbours.MaxLimit)
        {
            errors["limit"] = [$"limit is 1 to {CiNeighbours.MaxLimit}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return await neighbours.PageAsync(number, skip ?? 0, limit ?? CiNeighbours.DefaultLimit, ct) is { } page
            ? TypedResults.Ok(page)
            : ApiProblems.NotFound($"No configuration item '{number}'.");
    }

    public static async Task<Ok<CmdbHealthCounts>> HealthAsync(CmdbHealth health, CancellationToken ct) => TypedResults.Ok(await health.CountsAsync(ct));
}
