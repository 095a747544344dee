using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>External tasks for workers: fetch and lock by topic, then complete, report a failure or a BPMN error.</summary>
internal static class ExternalTasksApi
{
    /// <summary>Bounds a worker may ask for: enough for batching, small enough to keep one request short.</summary>
    private const int MaxTasksLimit = 100;
    private const long MaxLockDurationMs = 24L * 60 * 60 * 1000;

    public sealed record FetchAndLockRequest(string? WorkerId, string[]? Topics, int? MaxTasks, long? LockDurationMs);

    public sealed record CompleteRequest(string? WorkerId, Dictionary<string, JsonElement>? Variables);

    public sealed record FailureRequest(string? WorkerId, string? ErrorMessage, int? Retries, long? RetryTimeoutMs);

    /// <summary>Where the instance stands after the worker's answer.</summary>
    public sealed record TaskAnswered(string InstanceId, InstanceRunStatus InstanceStatus, IReadOnlyList<string> ActiveElements);

    public sealed record ExtendLockRequest(string? WorkerId, long? NewDurationMs);

    public sealed record LockExtended(string Id, DateTime LockedUntil);

    public sealed record BpmnErrorRequest(string? WorkerId, string? ErrorCode, string? ErrorMessage, Dictionary<string, JsonElement>? Variables);

    public static RouteGroupBuilder MapExternalTasksApi(this RouteGroupBuilder api)
    {
        var tasks = api.MapGroup("/external-tasks").WithTags("External tasks").RequireAuthorization(Policies.WorkTasks);

        tasks.MapPost("/fetch-and-lock", FetchAndLockAsync)
            .WithName("FetchAndLockExternalTasks")
            .WithSummary("Lock up to maxTasks unlocked tasks of the topics for the worker, oldest first; no two workers get the same task");

        tasks.MapPost("/{id}/complete", CompleteAsync)
            .WithName("CompleteExternalTask")
            .WithSummary("Complete a locked task with its result variables; 409 unless the worker holds the lock, 404 when it is gone")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge);

        tasks.MapPost("/{id}/failure", FailAsync)
            .WithName("FailExternalTask")
            .WithSummary("Report a technical failure: with retries left the task is fetchable again after retryTimeoutMs; with 0 the instance records a failure")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        tasks.MapPost("/{id}/extend-lock", ExtendLockAsync)
            .WithName("ExtendExternalTaskLock")
            .WithSummary("Extend the worker's lock to newDurationMs from now; 409 unless the worker holds the lock")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        tasks.MapPost("/{id}/bpmn-error", ThrowBpmnErrorAsync)
            .WithName("ThrowExternalTaskBpmnError")
            .WithSummary("Throw a BPMN error at the task, for an error boundary or event sub-process to catch")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge);
        return api;
    }

    public static async Task<Results<Ok<IReadOnlyList<LockedExternalTask>>, ValidationProblem>> FetchAndLockAsync(
        FetchAndLockRequest request, WorkflowRuntime runtime, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        RequireWorker(request.WorkerId, errors);
        if (request.Topics is not { Length: > 0 } || request.Topics.Any(string.IsNullOrWhiteSpace))
        {
            errors["topics"] = ["Name at least one topic, none of them empty."];
        }

        if (request.MaxTasks is not (>= 1 and <= MaxTasksLimit))
        {
            errors["maxTasks"] = [$"Ask for 1 to {MaxTasksLimit} tasks."];
        }

        if (request.LockDurationMs is not (>= 1 and <= MaxLockDurationMs))
        {
            errors["lockDurationMs"] = [$"Lock for 1 to {MaxLockDurationMs} milliseconds."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var locked = await runtime.FetchAndLockAsync(request.WorkerId!, request.Topics!, request.MaxTasks!.Value,
            TimeSpan.FromMilliseconds(request.LockDurationMs!.Value), ct);
        return TypedResults.Ok(locked);
    }

    public static async Task<Results<Ok<TaskAnswered>, ValidationProblem>> CompleteAsync(string id, CompleteRequest request, WorkflowRuntime runtime, CancellationToken ct)
    {
        if (Invalid(request.WorkerId) is { } invalid)
        {
            return invalid;
        }

        var instance = await runtime.CompleteExternalTaskAsync(id, request.WorkerId!, JsonVariables.ToClr(request.Variables), ct);
        return Answered(instance);
    }

    public static async Task<Results<Ok<TaskAnswered>, ValidationProblem>> FailAsync(string id, FailureRequest request, WorkflowRuntime runtime, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        RequireWorker(request.WorkerId, errors);
        if (request.Retries is not >= 0)
        {
            errors["retries"] = ["Give the retries left, 0 or more."];
        }

        if (request.RetryTimeoutMs is < 0 or > MaxLockDurationMs)
        {
            errors["retryTimeoutMs"] = [$"Wait 0 to {MaxLockDurationMs} milliseconds before the retry."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var instance = await runtime.FailExternalTaskAsync(id, request.WorkerId!, request.ErrorMessage ?? string.Empty, request.Retries!.Value,
            TimeSpan.FromMilliseconds(request.RetryTimeoutMs ?? 0), ct);
        return Answered(instance);
    }

    public static async Task<Results<Ok<LockExtended>, ValidationProblem>> ExtendLockAsync(string id, ExtendLockRequest request, WorkflowRuntime runtime, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        RequireWorker(request.WorkerId, errors);
        if (request.NewDurationMs is not (>= 1 and <= MaxLockDurationMs))
        {
            errors["newDurationMs"] = [$"Lock for 1 to {MaxLockDurationMs} milliseconds."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var lockedUntil = await runtime.ExtendExternalTaskLockAsync(id, request.WorkerId!, TimeSpan.FromMilliseconds(request.NewDurationMs!.Value), ct);
        return TypedResults.Ok(new LockExtended(id, lockedUntil));
    }

    public static async Task<Results<Ok<TaskAnswered>, ValidationProblem>> ThrowBpmnErrorAsync(string id, BpmnErrorRequest request, WorkflowRuntime runtime, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        RequireWorker(request.WorkerId, errors);
        if (string.IsNullOrWhiteSpace(request.ErrorCode))
        {
            errors["errorCode"] = ["Give the BPMN error code to throw."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var instance = await runtime.ThrowExternalTaskBpmnErrorAsync(id, request.WorkerId!, request.ErrorCode!, request.ErrorMessage,
            JsonVariables.ToClr(request.Variables), ct);
        return Answered(instance);
    }

    private static void RequireWorker(string? workerId, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(workerId))
        {
            errors["workerId"] = ["Give the worker id that holds (or takes) the lock."];
        }
        else if (workerId.Length > 200)
        {
            errors["workerId"] = ["A worker id has at most 200 characters."];
        }
    }

    private static ValidationProblem? Invalid(string? workerId)
    {
        var errors = new Dictionary<string, string[]>();
        RequireWorker(workerId, errors);
        return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : null;
    }

    private static Ok<TaskAnswered> Answered(ProcessInstanceRecord instance) =>
        TypedResults.Ok(new TaskAnswered(instance.Id, instance.Status, string.IsNullOrEmpty(instance.ActiveElements) ? [] : instance.ActiveElements.Split(',')));
}
