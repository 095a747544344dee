using System.Text.Json;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>Human tasks: list for inboxes, read one, complete with the form's variables.</summary>
internal static class HumanTasksApi
{
    public sealed record CompleteRequest(Dictionary<string, JsonElement>? Variables);

    public static RouteGroupBuilder MapHumanTasksApi(this RouteGroupBuilder api)
    {
        var tasks = api.MapGroup("/tasks").WithTags("Human tasks").RequireAuthorization(Policies.WorkTasks);

        tasks.MapGet("/", (HumanTaskStatus? status, string? assignee, string[]? candidateGroup, string? candidateUser, bool? unassigned,
                DateTime? dueBefore, string? instanceId, string? key, int? page, int? pageSize, HumanTaskQueries queries, CancellationToken ct) =>
                Paging.Run(page, pageSize, (p, size) => queries.ListAsync(
                    new HumanTaskFilter(status ?? HumanTaskStatus.Open, assignee, candidateGroup, candidateUser, unassigned, dueBefore, instanceId, key), p, size, ct)))
            .WithName("ListHumanTasks")
            .WithSummary("Tasks filtered by status (default open), assignee, candidate groups or user, due date; most urgent first; paged");

        tasks.MapGet("/{id}", async (string id, HumanTaskQueries queries, CancellationToken ct) =>
                await queries.GetAsync(id, ct) is { } task
                    ? Results.Ok(task)
                    : TypedResults.Problem(title: "Not found", detail: $"No task with id '{id}'.", statusCode: StatusCodes.Status404NotFound))
            .WithName("GetHumanTask")
            .WithSummary("One task");

        tasks.MapPost("/{id}/complete", (string id, CompleteRequest? request, WorkflowRuntime runtime, HttpContext http, CancellationToken ct) =>
                RuntimeProblems.HandleAsync(async () =>
                {
                    var instance = await runtime.CompleteTaskAsync(id, JsonVariables.ToClr(request?.Variables), http.User.Identity?.Name, ct);
                    return TypedResults.Ok(new { InstanceId = instance.Id, InstanceStatus = instance.Status });
                }))
            .WithName("CompleteHumanTask")
            .WithSummary("Complete a task exactly once; 400 names each invalid form field, 409 when it is already completed");
        return api;
    }
}
