using System.Text.Json;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>Human tasks: list for inboxes, read one, complete with the form's variables.</summary>
internal static class HumanTasksApi
{
    private static IResult Assignment(HumanTaskRecord task) => Results.Ok(new { task.Id, task.Assignee, task.Owner });

    private static string UserOf(HttpContext http) => http.User.Identity?.Name ?? throw new InvalidOperationException("The endpoint requires a signed-in user.");

    public sealed record CompleteRequest(Dictionary<string, JsonElement>? Variables);

    /// <summary>Assignee: a person (null: back to the candidates); or Group: offer it to that group instead.</summary>
    public sealed record AssignRequest(string? Assignee, string? Group = null);

    public sealed record DelegateRequest(string UserId);

    public sealed record CommentRequest(string Text);

    public static RouteGroupBuilder MapHumanTasksApi(this RouteGroupBuilder api)
    {
        var tasks = api.MapGroup("/tasks").WithTags("Human tasks").RequireAuthorization(Policies.WorkTasks)
            .AddEndpointFilter(TaskVisibilityFilter.RequireVisibleTaskAsync);

        tasks.MapGet("/", async (HumanTaskStatus? status, string? assignee, string[]? candidateGroup, string? candidateUser, bool? unassigned,
                DateTime? dueBefore, string? instanceId, string? key, int? page, int? pageSize, HumanTaskQueries queries,
                WorkflowItsm.Itsm.Directory.DirectoryGroups groups, HttpContext http, CancellationToken ct) =>
            {
                var visibleTo = await TaskVisibilityFilter.ForAsync(http.User, groups, ct);
                return await Paging.Run(page, pageSize, (p, size) => queries.ListAsync(
                    new HumanTaskFilter(status ?? HumanTaskStatus.Open, assignee, candidateGroup, candidateUser, unassigned, dueBefore, instanceId, key, VisibleTo: visibleTo), p, size, ct));
            })
            .WithName("ListHumanTasks")
            .WithSummary("Tasks filtered by status (default open), assignee, candidate groups or user, due date; most urgent first; paged. Agents see only tasks assigned to them or offered to them or their groups.");

        tasks.MapGet("/{id}", async (string id, HumanTaskQueries queries, CancellationToken ct) =>
                await queries.GetAsync(id, ct) is { } task
                    ? Results.Ok(task)
                    : RuntimeProblems.NotFound($"No task with id '{id}'."))
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

        tasks.MapPost("/{id}/claim", (string id, HumanTaskCommands commands, HttpContext http, CancellationToken ct) =>
                RuntimeProblems.HandleAsync(async () => Assignment(await commands.ClaimAsync(id, UserOf(http), ct))))
            .WithName("ClaimHumanTask").WithSummary("Take the task; 409 when someone else holds it");
        tasks.MapPost("/{id}/unclaim", (string id, HumanTaskCommands commands, HttpContext http, CancellationToken ct) =>
                RuntimeProblems.HandleAsync(async () => Assignment(await commands.UnclaimAsync(id, UserOf(http), ct))))
            .WithName("UnclaimHumanTask").WithSummary("Give the task back to its candidates");
        tasks.MapPost("/{id}/assign", (string id, AssignRequest request, HumanTaskCommands commands, WorkflowItsm.Itsm.Directory.DirectoryGroups groups, HttpContext http, CancellationToken ct) =>
                RuntimeProblems.HandleAsync(async () =>
                {
                    if (request.Group is null)
                    {
                        return Assignment(await commands.AssignAsync(id, request.Assignee, UserOf(http), ct));
                    }

                    if (!await groups.ExistsAsync(request.Group, ct))
                    {
                        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["group"] = [$"There is no group '{request.Group}'."] });
                    }

                    return Assignment(await commands.AssignToGroupAsync(id, request.Group, UserOf(http), ct));
                }))
            .WithName("AssignHumanTask").WithSummary("Assign the task to a person (assignee; null: back to the candidates) or offer it to another group (group)");
        tasks.MapPost("/{id}/delegate", (string id, DelegateRequest request, HumanTaskCommands commands, HttpContext http, CancellationToken ct) =>
                RuntimeProblems.HandleAsync(async () => string.IsNullOrWhiteSpace(request.UserId)
                    ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["userId"] = ["Name the person to delegate to."] })
                    : Assignment(await commands.DelegateAsync(id, request.UserId, UserOf(http), ct))))
            .WithName("DelegateHumanTask").WithSummary("Delegate the task; its owner stays responsible");
        tasks.MapGet("/{id}/comments", (string id, HumanTaskCommands commands, CancellationToken ct) =>
                RuntimeProblems.HandleAsync(async () => Results.Ok(await commands.ListCommentsAsync(id, ct))))
            .WithName("ListHumanTaskComments").WithSummary("Comments on a task, oldest first");
        tasks.MapPost("/{id}/comments", (string id, CommentRequest request, HumanTaskCommands commands, HttpContext http, CancellationToken ct) =>
                RuntimeProblems.HandleAsync(async () =>
                {
                    if (string.IsNullOrWhiteSpace(request.Text) || request.Text.Length > HumanTaskCommands.MaxCommentLength)
                    {
                        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["text"] = [$"A comment has 1 to {HumanTaskCommands.MaxCommentLength} characters."] });
                    }

                    var comment = await commands.AddCommentAsync(id, UserOf(http), request.Text, ct);
                    return TypedResults.Created($"/api/tasks/{id}/comments", comment);
                }))
            .WithName("AddHumanTaskComment").WithSummary("Comment on a task");
        return api;
    }
}

