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

        faults.MapGet("/", (string? instanceId, bool? open, int? page, int? pageSize, FaultQueries queries, CancellationToken ct) =>
                Paging.Run(page, pageSize, (p, size) => queries.ListAsync(new FaultFilter(instanceId, open ?? true), p, size, ct)))
            .WithName("ListFaults")
            .WithSummary("Faults newest first, paged: by default the open ones (retries ran out); open=false lists every fault, retrying and resolved ones too");

        faults.MapGet("/{id:guid}", async (Guid id, FaultQueries queries, CancellationToken ct) =>
                await queries.GetAsync(id, ct) is { } details
                    ? Results.Ok(details)
                    : RuntimeProblems.NotFound($"No fault with id '{id}'."))
            .WithName("GetFault")
            .WithSummary("A fault with the stack trace of its last failure");

        faults.MapPost("/{id:guid}/retry", (Guid id, WorkflowRuntime runtime, FaultQueries queries, HttpContext http, CancellationToken ct) =>
                RuntimeProblems.HandleAsync(async () =>
                {
                    await runtime.RetryFaultAsync(id, http.User.Identity?.Name, ct);
                    return TypedResults.Ok((await queries.GetAsync(id, ct))!.Fault);
                }))
            .WithName("RetryFault")
            .WithSummary("Run the failed element again now with fresh retries; the fault is resolved when it succeeds");

        faults.MapPost("/{id:guid}/cancel-instance", (Guid id, WorkflowRuntime runtime, FaultQueries queries, HttpContext http, CancellationToken ct) =>
                RuntimeProblems.HandleAsync(async () =>
                {
                    await runtime.CancelFaultInstanceAsync(id, http.User.Identity?.Name, ct);
                    return TypedResults.Ok((await queries.GetAsync(id, ct))!.Fault);
                }))
            .WithName("CancelFaultInstance")
            .WithSummary("Cancel the fault's instance with its tasks, timers and subscriptions; resolves its faults");
        return api;
    }
}
