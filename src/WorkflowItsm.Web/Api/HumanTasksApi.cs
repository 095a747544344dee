using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>Human tasks: list for inboxes, read one, complete with the form's variables.</summary>
internal static class HumanTasksApi
{
    public sealed record CompleteRequest(Dictionary<string, JsonElement>? Variables);

    /// <summary>Assignee: a person (null: back to the candidates); or Group: offer it to that group instead.</summary>
    public sealed record AssignRequest(string? Assignee, string? Group = null);

    public sealed record DelegateRequest(string UserId);

    public sealed record CommentRequest(string Text);

    /// <summary>Who has the task after a claim, unclaim, assignment or delegation.</summary>
    public sealed record TaskAssignment(string Id, string? Assignee, string? Owner);

    /// <summary>Where the task's instance stands once the task is completed.</summary>
    public sealed record TaskCompleted(string InstanceId, InstanceRunStatus InstanceStatus);

    public static RouteGroupBuilder MapHumanTasksApi(this RouteGroupBuilder api)
    {
        var tasks = api.MapGroup("/tasks").WithTags("Human tasks").RequireAuthorization(Policies.WorkTasks)
            .AddEndpointFilter(TaskVisibilityFilter.RequireVisibleTaskAsync);

        tasks.MapGet("/", ListAsync)
            .WithName("ListHumanTasks")
            .WithSummary("Tasks filtered by status (default open), assignee, candidate groups or user, due date; most urgent first; paged. Agents see only tasks assigned to them or offered to them or their groups.");

        // Every route with a task {id} answers 404 for a task the caller may not see (TaskVisibilityFilter).
        tasks.MapGet("/{id}", GetAsync)
            .WithName("GetHumanTask")
            .WithSummary("One task")
            .ProducesProblems(StatusCodes.Status404NotFound);

        tasks.MapGet("/{id}/deployed-form", GetDeployedFormAsync)
            .WithName("GetHumanTaskDeployedForm")
            .WithSummary("The Camunda Form (form-js schema) the task shows, by its camunda:formRef or camunda-forms: form key; 404 when it shows none or the form is not deployed")
            .Produces<string>(StatusCodes.Status200OK, "application/json")
            .ProducesProblems(StatusCodes.Status404NotFound);

        tasks.MapPost("/{id}/complete", CompleteAsync)
            .WithName("CompleteHumanTask")
            .WithSummary("Complete a task exactly once; 400 names each invalid form field, 409 when it is already completed")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge);

        tasks.MapPost("/{id}/claim", ClaimAsync)
            .WithName("ClaimHumanTask").WithSummary("Take the task; 409 when someone else holds it")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        tasks.MapPost("/{id}/unclaim", UnclaimAsync)
            .WithName("UnclaimHumanTask").WithSummary("Give the task back to its candidates")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        tasks.MapPost("/{id}/assign", AssignAsync)
            .WithName("AssignHumanTask").WithSummary("Assign the task to a person (assignee; null: back to the candidates) or offer it to another group (group)")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        tasks.MapPost("/{id}/delegate", DelegateAsync)
            .WithName("DelegateHumanTask").WithSummary("Delegate the task; its owner stays responsible")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        tasks.MapGet("/{id}/comments", ListCommentsAsync)
            .WithName("ListHumanTaskComments").WithSummary("Comments on a task, oldest first")
            .ProducesProblems(StatusCodes.Status404NotFound);
        tasks.MapPost("/{id}/comments", AddCommentAsync)
            .WithName("AddHumanTaskComment").WithSummary("Comment on a task")
            .ProducesProblems(StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Results<Ok<Page<HumanTaskView>>, ValidationProblem>> ListAsync(
        HumanTaskStatus? status, string? assignee, string[]? candidateGroup, string? candidateUser, bool? unassigned, DateTime? dueBefore, string? instanceId,
        string? key, int? page, int? pageSize, HumanTaskQueries queries, DirectoryGroups groups, HttpContext http, CancellationToken ct)
    {
        var visibleTo = await TaskVisibilityFilter.ForAsync(http.User, groups, ct);
        return await Paging.Run(page, pageSize, (p, size) => queries.ListAsync(
            new HumanTaskFilter(status ?? HumanTaskStatus.Open, assignee, candidateGroup, candidateUser, unassigned, dueBefore, instanceId, key, VisibleTo: visibleTo), p, size, ct));
    }

    public static async Task<Results<Ok<HumanTaskView>, ProblemHttpResult>> GetAsync(string id, HumanTaskQueries queries, CancellationToken ct) =>
        await queries.GetAsync(id, ct) is { } task ? TypedResults.Ok(task) : ApiProblems.NotFound($"No task with id '{id}'.");

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetDeployedFormAsync(string id, HumanTaskForms forms, CancellationToken ct) =>
        await forms.GetAsync(id, ct) switch
        {
            null => ApiProblems.NotFound($"No task with id '{id}'."),
            { CamundaForm: { } form } => TypedResults.Text(form.Schema, "application/json", System.Text.Encoding.UTF8),
            { MissingForm: { } missing } => ApiProblems.NotFound($"The task shows {missing}, which is not deployed."),
            _ => ApiProblems.NotFound($"Task '{id}' shows no Camunda Form."),
        };

    public static async Task<Results<Ok<TaskCompleted>, ProblemHttpResult>> CompleteAsync(
        string id, CompleteRequest? request, WorkflowRuntime runtime, WorkflowItsm.Itsm.Approvals.ApprovalService approvals, HttpContext http, CancellationToken ct)
    {
        // An approval task is done by a vote (audited, decided by the rule), never by completing it around the vote.
        if (await approvals.ApprovalOfTaskAsync(id, ct) is { } approvalId)
        {
            return TypedResults.Problem(title: "Vote on the approval", detail: $"This is an approval task: approve or reject with POST /api/approvals/{approvalId}/votes.",
                statusCode: StatusCodes.Status409Conflict, extensions: new Dictionary<string, object?> { ["approvalId"] = approvalId });
        }

        var instance = await runtime.CompleteTaskAsync(id, JsonVariables.ToClr(request?.Variables), http.User.Identity?.Name, ct);
        return TypedResults.Ok(new TaskCompleted(instance.Id, instance.Status));
    }

    public static async Task<Ok<TaskAssignment>> ClaimAsync(string id, HumanTaskCommands commands, HttpContext http, CancellationToken ct) =>
        Assignment(await commands.ClaimAsync(id, UserOf(http), ct));

    public static async Task<Ok<TaskAssignment>> UnclaimAsync(string id, HumanTaskCommands commands, HttpContext http, CancellationToken ct) =>
        Assignment(await commands.UnclaimAsync(id, UserOf(http), ct));

    public static async Task<Results<Ok<TaskAssignment>, ValidationProblem>> AssignAsync(
        string id, AssignRequest request, HumanTaskCommands commands, DirectoryGroups groups, HttpContext http, CancellationToken ct)
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
    }

    public static async Task<Results<Ok<TaskAssignment>, ValidationProblem>> DelegateAsync(
        string id, DelegateRequest request, HumanTaskCommands commands, HttpContext http, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(request.UserId)
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["userId"] = ["Name the person to delegate to."] })
            : Assignment(await commands.DelegateAsync(id, request.UserId, UserOf(http), ct));

    public static async Task<Ok<IReadOnlyList<HumanTaskComment>>> ListCommentsAsync(string id, HumanTaskCommands commands, CancellationToken ct) =>
        TypedResults.Ok(await commands.ListCommentsAsync(id, ct));

    public static async Task<Results<Created<HumanTaskComment>, ValidationProblem>> AddCommentAsync(
        string id, CommentRequest request, HumanTaskCommands commands, HttpContext http, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Text) || request.Text.Length > HumanTaskCommands.MaxCommentLength)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["text"] = [$"A comment has 1 to {HumanTaskCommands.MaxCommentLength} characters."] });
        }

        var comment = await commands.AddCommentAsync(id, UserOf(http), request.Text, ct);
        return TypedResults.Created($"/api/tasks/{id}/comments", comment);
    }

    private static Ok<TaskAssignment> Assignment(HumanTaskRecord task) => TypedResults.Ok(new TaskAssignment(task.Id, task.Assignee, task.Owner));

    private static string UserOf(HttpContext http) => http.User.Identity?.Name ?? throw new InvalidOperationException("The endpoint requires a signed-in user.");
}
