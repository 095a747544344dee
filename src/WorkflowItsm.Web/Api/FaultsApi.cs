using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Runtime.Faults;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>Operators' view of failed elements: list faults, retry one, or cancel its instance.</summary>
internal static class FaultsApi
{
    public static RouteGroupBuilder MapFaultsApi(this RouteGroupBuilder api)
    {
        var faults = api.MapGroup("/faults").WithTags("Faults").RequireAuthorization(Policies.DesignProcesses);

        faults.MapGet("/", ListAsync)
            .WithName("ListFaults")
            .WithSummary("Faults newest first, paged: by default the open ones (retries ran out); open=false lists every fault, retrying and resolved ones too");

        faults.MapGet("/{id:guid}", GetAsync)
            .WithName("GetFault")
            .WithSummary("A fault with the stack trace of its last failure")
            .ProducesProblems(StatusCodes.Status404NotFound);

        faults.MapPost("/{id:guid}/retry", RetryAsync)
            .WithName("RetryFault")
            .WithSummary("Run the failed element again now with fresh retries; the fault is resolved when it succeeds")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        faults.MapPost("/{id:guid}/cancel-instance", CancelInstanceAsync)
            .WithName("CancelFaultInstance")
            .WithSummary("Cancel the fault's instance with its tasks, timers and subscriptions; resolves its faults")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return api;
    }

    public static Task<Results<Ok<Page<FaultView>>, ValidationProblem>> ListAsync(
        string? instanceId, bool? open, int? page, int? pageSize, FaultQueries queries, CancellationToken ct) =>
        Paging.Run(page, pageSize, (p, size) => queries.ListAsync(new FaultFilter(instanceId, open ?? true), p, size, ct));

    public static async Task<Results<Ok<FaultDetails>, ProblemHttpResult>> GetAsync(Guid id, FaultQueries queries, CancellationToken ct) =>
        await queries.GetAsync(id, ct) is { } details ? TypedResults.Ok(details) : ApiProblems.NotFound($"No fault with id '{id}'.");

    public static async Task<Ok<FaultView>> RetryAsync(Guid id, WorkflowRuntime runtime, FaultQueries queries, HttpContext http, CancellationToken ct)
    {
        await runtime.RetryFaultAsync(id, http.User.Identity?.Name, ct);
        return TypedResults.Ok((await queries.GetAsync(id, ct))!.Fault);
    }

    public static async Task<Ok<FaultView>> CancelInstanceAsync(Guid id, WorkflowRuntime runtime, FaultQueries queries, HttpContext http, CancellationToken ct)
    {
        await runtime.CancelFaultInstanceAsync(id, http.User.Identity?.Name, ct);
        return TypedResults.Ok((await queries.GetAsync(id, ct))!.Fault);
    }
}
