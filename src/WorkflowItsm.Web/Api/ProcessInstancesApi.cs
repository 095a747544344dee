using System.Security.Claims;
using System.Text.Json;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>
/// Start, read, list and operate process instances. Staff may start one; operating instances (cancel, suspend, resume,
/// variables, migrate) and listing them is for process owners and admins. Other staff read an instance only when one of
/// its tasks is theirs to see (404 otherwise, as for a task).
/// </summary>
internal static class ProcessInstancesApi
{
    public sealed record StartRequest(string Key, int? Version, string? BusinessKey, Dictionary<string, JsonElement>? Variables);

    public sealed record CancelRequest(string? Reason);

    public sealed record SetVariablesRequest(Dictionary<string, JsonElement>? Variables);

    public sealed record MigrateRequest(int? TargetVersion, Dictionary<string, string>? Mapping);

    private static IResult Suspension(ProcessInstanceRecord instance) => Results.Ok(new { instance.Id, instance.Status, instance.IsSuspended });

    public static RouteGroupBuilder MapProcessInstancesApi(this RouteGroupBuilder api)
    {
        var instances = api.MapGroup("/process-instances").WithTags("Process instances").RequireAuthorization(Policies.WorkTasks);

        instances.MapPost("/", (StartRequest request, WorkflowRuntime runtime, HttpContext http, CancellationToken ct) =>
                RuntimeProblems.HandleAsync(async () =>
                {
                    if (string.IsNullOrWhiteSpace(request.Key))
                    {
                        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["key"] = ["Name the process key to start."] });
                    }

                    var instance = await runtime.StartAsync(new StartProcessCommand(
                        request.Key, request.Version, request.BusinessKey, JsonVariables.ToClr(request.Variables), http.User.Identity?.Name), ct);
                    return TypedResults.Created($"/api/process-instances/{instance.Id}",
                        new { instance.Id, instance.DefinitionKey, instance.DefinitionVersion, instance.BusinessKey, instance.Status });
                }))
            .WithName("StartProcessInstance")
            .WithSummary("Start an instance of the latest (or a given) version of a process key");

        instances.MapGet("/", (string? key, int? version, InstanceRunStatus? status, string? businessKey, DateTime? startedAfter, DateTime? startedBefore,
                int? page, int? pageSize, InstanceQueries queries, CancellationToken ct) =>
                Paging.Run(page, pageSize, (p, size) => queries.ListAsync(new InstanceFilter(key, version, status, businessKey, startedAfter, startedBefore), p, size, ct)))
            .RequireAuthorization(Policies.DesignProcesses)
            .WithName("ListProcessInstances")
            .WithSummary("Instances filtered by key, version, status, business key and start time, newest first, paged");

        instances.MapGet("/{id}", async (string id, InstanceQueries queries, InstanceVisibility visibility, ClaimsPrincipal user, CancellationToken ct) =>
                (await visibility.MaySeeAsync(user, id, ct) ? await queries.GetAsync(id, ct) : null) is { } details
                    ? Results.Ok(details)
                    : RuntimeProblems.NotFound($"No process instance with id '{id}'."))
            .WithName("GetProcessInstance")
            .WithSummary("An instance with its variables, bookmarks, tasks and journal; for staff other than process owners and admins only an instance with a task of theirs");

        instances.MapPost("/{id}/cancel", (string id, CancelRequest? request, WorkflowRuntime runtime, CancellationToken ct) =>
                RuntimeProblems.HandleAsync(async () =>
                {
                    var instance = await runtime.CancelAsync(id, request?.Reason, ct);
                    return TypedResults.Ok(new { instance.Id, instance.Status });
                }))
            .RequireAuthorization(Policies.DesignProcesses)
            .WithName("CancelProcessInstance")
            .WithSummary("Cancel a running instance with its tasks, timers and subscriptions");

        instances.MapPost("/{id}/suspend", (string id, WorkflowRuntime runtime, HttpContext http, CancellationToken ct) =>
                RuntimeProblems.HandleAsync(async () => Suspension(await runtime.SuspendAsync(id, http.User.Identity?.Name, ct))))
            .RequireAuthorization(Policies.DesignProcesses)
            .WithName("SuspendProcessInstance").WithSummary("Suspend: no trigger is applied until resumed; due timers fire after resuming");
        instances.MapPost("/{id}/resume", (string id, WorkflowRuntime runtime, HttpContext http, CancellationToken ct) =>
                RuntimeProblems.HandleAsync(async () => Suspension(await runtime.ResumeAsync(id, http.User.Identity?.Name, ct))))
            .RequireAuthorization(Policies.DesignProcesses)
            .WithName("ResumeProcessInstance").WithSummary("Resume a suspended instance");
        instances.MapPut("/{id}/variables", (string id, SetVariablesRequest request, WorkflowRuntime runtime, HttpContext http, CancellationToken ct) =>
                RuntimeProblems.HandleAsync(async () =>
                {
                    if (request.Variables is null || request.Variables.Count == 0)
                    {
                        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["variables"] = ["Give at least one variable."] });
                    }

                    await runtime.SetVariablesAsync(id, JsonVariables.ToClr(request.Variables)!, http.User.Identity?.Name, ct);
                    return Results.NoContent();
                }))
            .RequireAuthorization(Policies.DesignProcesses)
            .WithName("SetProcessInstanceVariables").WithSummary("Set process-level variables of a running instance");

        instances.MapPost("/{id}/migrate", (string id, MigrateRequest request, WorkflowRuntime runtime, HttpContext http, CancellationToken ct) =>
                RuntimeProblems.HandleAsync(async () =>
                {
                    if (request.TargetVersion is not { } version)
                    {
                        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["targetVersion"] = ["Name the version to migrate to."] });
                    }

                    var instance = await runtime.MigrateAsync(id, version, request.Mapping ?? [], http.User.Identity?.Name, ct);
                    return Results.Ok(new { instance.Id, instance.DefinitionKey, instance.DefinitionVersion });
                }))
            .RequireAuthorization(Policies.DesignProcesses)
            .WithName("MigrateProcessInstance")
            .WithSummary("Move a running instance to another version; every active element needs a mapping (400 lists the unmapped ones)");
        return api;
    }
}
