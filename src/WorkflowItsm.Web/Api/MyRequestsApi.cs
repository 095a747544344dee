using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Web.Portal;

namespace WorkflowItsm.Web.Api;

/// <summary>
/// The portal's API for anyone signed in: the catalogue of requests they may make, making one, and their own requests
/// only. Somebody else's request answers 404 exactly like one that does not exist (ids are not confirmed to guessers).
/// </summary>
internal static class MyRequestsApi
{
    public sealed record CatalogItem(string Key, string? Name, string Title, string? Description, int Version, IReadOnlyList<FormField> Fields);

    public sealed record NewRequest(string? ProcessKey, string? BusinessKey, Dictionary<string, JsonElement>? Variables);

    public sealed record RequestView(
        string Id, string ProcessKey, string? BusinessKey, InstanceRunStatus Status, string StatusText, DateTime SubmittedAt, DateTime? ClosedAt,
        IReadOnlyList<RequestHistoryLine> History, RequestIncident? Incident);

    /// <summary>The requester's words with a confirmation, a reopening or a withdrawal (required to reopen).</summary>
    public sealed record CallerAnswer(string? Comment);

    public sealed record CommentRequest(string? Text);

    /// <summary>The request just made: its id (the instance's) and where it stands.</summary>
    public sealed record RequestSubmitted(string Id, InstanceRunStatus Status);

    public static RouteGroupBuilder MapMyRequestsApi(this RouteGroupBuilder api)
    {
        var requests = api.MapGroup("/my-requests").WithTags("Portal");

        requests.MapGet("/catalog", ListCatalogAsync)
            .WithName("ListRequestCatalog")
            .WithSummary("Processes the caller may start from the portal, with their start forms");

        requests.MapPost("/", SubmitAsync)
            .WithName("SubmitRequest")
            .WithSummary("Make a request from the catalogue with its start form's values; 400 names each invalid or undeclared field, 404 for a process not offered to the caller")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge);

        requests.MapGet("/", ListAsync)
            .WithName("ListMyRequests")
            .WithSummary("The caller's own requests, newest first, paged");

        requests.MapGet("/{id}", GetAsync)
            .WithName("GetMyRequest")
            .WithSummary("One of the caller's requests with its history, and the incident it opened (number, state, the desk's promises); 404 for anybody else's")
            .ProducesProblems(StatusCodes.Status404NotFound);

        requests.MapPost("/{id}/confirm", ConfirmAsync)
            .WithName("ConfirmMyRequest")
            .WithSummary("The requester confirms the resolution of the incident their request opened: it closes (answering their task in its workflow); 409 unless it is resolved")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        requests.MapPost("/{id}/reopen", ReopenAsync)
            .WithName("ReopenMyRequest")
            .WithSummary("The requester says it still does not work (comment required): the incident goes back to the desk; 409 unless it is resolved")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        requests.MapPost("/{id}/withdraw", WithdrawAsync)
            .WithName("WithdrawMyRequest")
            .WithSummary("The requester withdraws a request whose incident is still open: it is cancelled; 409 once resolved, closed or cancelled")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        requests.MapPost("/{id}/comments", CommentAsync)
            .WithName("CommentOnMyRequest")
            .WithSummary("A comment from the requester, which the desk reads on the incident")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Ok<List<CatalogItem>>> ListCatalogAsync(ClaimsPrincipal user, StartForms forms, DirectoryGroups groups, CancellationToken ct)
    {
        var name = user.Identity?.Name ?? string.Empty;
        var memberOf = await groups.GroupsOfAsync(name, ct);
        return TypedResults.Ok((await forms.ListAsync(ct)).Where(p => p.MayStart(name, memberOf))
            .Select(p => new CatalogItem(p.Key, p.Name, p.Title, p.Description, p.Version, p.Fields)).ToList());
    }

    public static async Task<Results<Created<RequestSubmitted>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        NewRequest request, ClaimsPrincipal user, StartForms forms, DirectoryGroups groups, WorkflowRuntime runtime, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.ProcessKey))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["processKey"] = ["Name the process to start (see /api/my-requests/catalog)."] });
        }

        var name = user.Identity?.Name ?? string.Empty;
        var offer = await forms.GetAsync(request.ProcessKey, ct);
        if (offer is null || !offer.MayStart(name, await groups.GroupsOfAsync(name, ct)))
        {
            return ApiProblems.NotFound($"There is no request '{request.ProcessKey}' you can make.");
        }

        // Only what the start form asks for: anything else (incidentNumber, caller, assignmentGroup...) would let a
        // requester steer the workflow to records she may not see, as a hidden form field would.
        var undeclared = (request.Variables?.Keys ?? Enumerable.Empty<string>()).Where(v => !offer.Declares(v)).ToList();
        if (undeclared.Count > 0)
        {
            return TypedResults.ValidationProblem(undeclared.ToDictionary(v => v, v => new[] { $"'{v}' is not a field of this request's form." }),
                title: "The variables are invalid");
        }

        var variables = JsonVariables.ToClr(request.Variables);
        offer.CheckCamundaForm(variables);
        var instance = await runtime.StartAsync(new StartProcessCommand(offer.Key, offer.Version, request.BusinessKey, variables, StartedBy: name), ct);
        return TypedResults.Created($"/api/my-requests/{Uri.EscapeDataString(instance.Id)}", new RequestSubmitted(instance.Id, instance.Status));
    }

    public static Task<Results<Ok<Page<MyRequestItem>>, ValidationProblem>> ListAsync(
        int? page, int? pageSize, ClaimsPrincipal user, IServiceProvider services, CancellationToken ct) =>
        Paging.Run(page, pageSize, (p, size) => MyRequests.ListAsync(services, user.Identity?.Name ?? string.Empty, p, size, ct));

    public static async Task<Results<Ok<RequestView>, ProblemHttpResult>> GetAsync(
        string id, ClaimsPrincipal user, InstanceQueries queries, IServiceProvider services, CancellationToken ct) =>
        await queries.GetAsync(id, ct) is { } details && details.Instance.StartedBy == user.Identity?.Name
            ? TypedResults.Ok(new RequestView(details.Instance.Id, details.Instance.DefinitionKey, details.Instance.BusinessKey, details.Instance.Status,
                RequestStatus.Describe(details.Instance.Status), details.Instance.StartedAt, details.Instance.EndedAt, RequestHistory.Of(details),
                await RequestIncident.LoadAsync(services, details, user.Identity?.Name, isStaff: false, ct)))
            : ApiProblems.NotFound($"No request '{id}'.");

    public static async Task<NoContent> ConfirmAsync(string id, CallerAnswer answer, ClaimsPrincipal user, InstanceQueries queries, IncidentCaller caller, CancellationToken ct)
    {
        await caller.ConfirmAsync(await IncidentOfAsync(id, user, queries, ct), Name(user), answer.Comment, ct);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> ReopenAsync(string id, CallerAnswer answer, ClaimsPrincipal user, InstanceQueries queries, IncidentCaller caller, CancellationToken ct)
    {
        await caller.ReopenAsync(await IncidentOfAsync(id, user, queries, ct), Name(user), answer.Comment, ct);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> WithdrawAsync(string id, CallerAnswer answer, ClaimsPrincipal user, InstanceQueries queries, IncidentCaller caller, CancellationToken ct)
    {
        await caller.WithdrawAsync(await IncidentOfAsync(id, user, queries, ct), Name(user), answer.Comment, ct);
        return TypedResults.NoContent();
    }

    public static async Task<Created<RecordNoteView>> CommentAsync(string id, CommentRequest comment, ClaimsPrincipal user, InstanceQueries queries, IncidentCaller caller, CancellationToken ct)
    {
        var note = await caller.CommentAsync(await IncidentOfAsync(id, user, queries, ct), Name(user), comment.Text, ct);
        return TypedResults.Created($"/api/my-requests/{Uri.EscapeDataString(id)}", new RecordNoteView(note.Id, note.Kind, note.Text, note.Author, note.At));
    }

    private static string Name(ClaimsPrincipal user) => user.Identity?.Name ?? string.Empty;

    /// <summary>The incident the person's own request opened; anything else is "not found".</summary>
    private static async Task<string> IncidentOfAsync(string id, ClaimsPrincipal user, InstanceQueries queries, CancellationToken ct) =>
        await queries.GetAsync(id, ct) is { } details && details.Instance.StartedBy == Name(user) && RequestIncident.NumberOf(details) is { } number
            ? number
            : throw new RecordNotFoundException($"No request '{id}' with an incident of yours.");
}
