using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
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

    /// <summary>Which plain wait state (a receive task without a message) to move on, with variables for the instance.</summary>
    public sealed record TriggerRequest(string? ElementId, Dictionary<string, JsonElement>? Variables);

    /// <summary>An instance after one of its wait states was triggered.</summary>
    public sealed record InstanceTriggered(string Id, InstanceRunStatus Status);

    /// <summary>The instance just started.</summary>
    public sealed record InstanceStarted(string Id, string DefinitionKey, int DefinitionVersion, string? BusinessKey, InstanceRunStatus Status);

    /// <summary>Where a cancelled instance stands.</summary>
    public sealed record InstanceCancelled(string Id, InstanceRunStatus Status);

    /// <summary>An instance after it was suspended or resumed.</summary>
    public sealed record InstanceSuspension(string Id, InstanceRunStatus Status, bool IsSuspended);

    /// <summary>The version an instance runs on after a migration.</summary>
    public sealed record InstanceMigrated(string Id, string DefinitionKey, int DefinitionVersion);

    public static RouteGroupBuilder MapProcessInstancesApi(this RouteGroupBuilder api)
    {
        var instances = api.MapGroup("/process-instances").WithTags("Process instances").RequireAuthorization(Policies.WorkTasks);

        instances.MapPost("/", StartAsync)
            .WithName("StartProcessInstance")
            .WithSummary("Start an instance of the latest (or a given) version of a process key")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge);

        instances.MapGet("/", ListAsync)
            .RequireAuthorization(Policies.DesignProcesses)
            .WithName("ListProcessInstances")
            .WithSummary("Instances filtered by key, version, status, business key and start time, newest first, paged");

        instances.MapGet("/{id}", GetAsync)
            .WithName("GetProcessInstance")
            .WithSummary("An instance with its variables, bookmarks, tasks and journal; for staff other than process owners and admins only an instance with a task of theirs")
            .ProducesProblems(StatusCodes.Status404NotFound);

        instances.MapPost("/{id}/cancel", CancelAsync)
            .RequireAuthorization(Policies.DesignProcesses)
            .WithName("CancelProcessInstance")
            .WithSummary("Cancel a running instance with its tasks, timers and subscriptions")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        instances.MapPost("/{id}/suspend", SuspendAsync)
            .RequireAuthorization(Policies.DesignProcesses)
            .WithName("SuspendProcessInstance").WithSummary("Suspend: no trigger is applied until resumed; due timers fire after resuming")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        instances.MapPost("/{id}/resume", ResumeAsync)
            .RequireAuthorization(Policies.DesignProcesses)
            .WithName("ResumeProcessInstance").WithSummary("Resume a suspended instance")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        instances.MapPut("/{id}/variables", SetVariablesAsync)
            .RequireAuthorization(Policies.DesignProcesses)
            .WithName("SetProcessInstanceVariables").WithSummary("Set process-level variables of a running instance")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge);

        instances.MapPost("/{id}/trigger", TriggerAsync)
            .RequireAuthorization(Policies.DesignProcesses)
            .WithName("TriggerProcessInstanceWaitState")
            .WithSummary("Move on a receive task without a message (a plain wait state) at elementId, with optional variables")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge);

        instances.MapPost("/{id}/migrate", MigrateAsync)
            .RequireAuthorization(Policies.DesignProcesses)
            .WithName("MigrateProcessInstance")
            .WithSummary("Move a running instance to another version; every active element needs a mapping (400 lists the unmapped ones)")
            .ProducesProblem(StatusCodes.Status400BadRequest) // the unmapped elements: plain problem details
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<Results<Created<InstanceStarted>, ValidationProblem>> StartAsync(StartRequest request, WorkflowRuntime runtime, HttpContext http, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Key))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["key"] = ["Name the process key to start."] });
        }

        var instance = await runtime.StartAsync(new StartProcessCommand(
            request.Key, request.Version, request.BusinessKey, JsonVariables.ToClr(request.Variables), http.User.Identity?.Name), ct);
        return TypedResults.Created($"/api/process-instances/{instance.Id}",
            new InstanceStarted(instance.Id, instance.DefinitionKey, instance.DefinitionVersion, instance.BusinessKey, instance.Status));
    }

    public static Task<Results<Ok<Page<InstanceSummary>>, ValidationProblem>> ListAsync(
        string? key, int? version, InstanceRunStatus? status, string? businessKey, DateTime? startedAfter, DateTime? startedBefore, int? page, int? pageSize,
        InstanceQueries queries, CancellationToken ct) =>
        Paging.Run(page, pageSize, (p, size) => queries.ListAsync(new InstanceFilter(key, version, status, businessKey, startedAfter, startedBefore), p, size, ct));

    public static async Task<Results<Ok<InstanceDetails>, ProblemHttpResult>> GetAsync(
        string id, InstanceQueries queries, InstanceVisibility visibility, ClaimsPrincipal user, CancellationToken ct) =>
        (await visibility.MaySeeAsync(user, id, ct) ? await queries.GetAsync(id, ct) : null) is { } details
            ? TypedResults.Ok(details)
            : ApiProblems.NotFound($"No process instance with id '{id}'.");

    public static async Task<Ok<InstanceCancelled>> CancelAsync(string id, CancelRequest? request, WorkflowRuntime runtime, CancellationToken ct)
    {
        var instance = await runtime.CancelAsync(id, request?.Reason, ct);
        return TypedResults.Ok(new InstanceCancelled(instance.Id, instance.Status));
    }

    public static async Task<Ok<InstanceSuspension>> SuspendAsync(string id, WorkflowRuntime runtime, HttpContext http, CancellationToken ct) =>
        Suspension(await runtime.SuspendAsync(id, http.User.Identity?.Name, ct));

    public static async Task<Ok<InstanceSuspension>> ResumeAsync(string id, WorkflowRuntime runtime, HttpContext http, CancellationToken ct) =>
        Suspension(await runtime.ResumeAsync(id, http.User.Identity?.Name, ct));

    public static async Task<Results<NoContent, ValidationProblem>> SetVariablesAsync(
        string id, SetVariablesRequest request, WorkflowRuntime runtime, HttpContext http, CancellationToken ct)
    {
        if (request.Variables is null || request.Variables.Count == 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["variables"] = ["Give at least one variable."] });
        }

        await runtime.SetVariablesAsync(id, JsonVariables.ToClr(request.Variables)!, http.User.Identity?.Name, ct);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<InstanceTriggered>, ValidationProblem>> TriggerAsync(
        string id, TriggerRequest request, WorkflowRuntime runtime, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.ElementId))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["elementId"] = ["Name the receive task to move on."] });
        }

        var instance = await runtime.TriggerWaitStateAsync(id, request.ElementId.Trim(), JsonVariables.ToClr(request.Variables), ct);
        return TypedResults.Ok(new InstanceTriggered(instance.Id, instance.Status));
    }

    public static async Task<Results<Ok<InstanceMigrated>, ValidationProblem>> MigrateAsync(
        string id, MigrateRequest request, WorkflowRuntime runtime, HttpContext http, CancellationToken ct)
    {
        if (request.TargetVersion is not { } version)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["targetVersion"] = ["Name the version to migrate to."] });
        }

        var instance = await runtime.MigrateAsync(id, version, request.Mapping ?? [], http.User.Identity?.Name, ct);
        return TypedResults.Ok(new InstanceMigrated(instance.Id, instance.DefinitionKey, instance.DefinitionVersion));
    }

    private static Ok<InstanceSuspension> Suspension(ProcessInstanceRecord instance) => TypedResults.Ok(new InstanceSuspension(instance.Id, instance.Status, instance.IsSuspended));
}
