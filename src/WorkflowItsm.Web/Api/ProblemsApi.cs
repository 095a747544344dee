using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Itsm.Problems;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>
/// Problems, the known-error base and problem proposals from recurring-incident detection: staff only (requesters
/// get 403). 400 names each invalid field, 404 an unknown problem, incident or proposal, 409 a refused transition
/// (with the allowed states), a stale revision or a proposal decided already.
/// </summary>
internal static class ProblemsApi
{
    /// <summary>The fields to change, and the revision they were read at (a change saved since answers 409).</summary>
    public sealed record ProblemPatch : ProblemChanges
    {
        public int? Revision { get; init; }
    }

    public sealed record TransitionRequest(ProblemState? State, string? RootCause, string? Workaround, string? Fix);

    public sealed record LinkRequest(string? Incident);

    public static RouteGroupBuilder MapProblemsApi(this RouteGroupBuilder api)
    {
        var problems = api.MapGroup("/problems").WithTags("Problems").RequireAuthorization(Policies.WorkTasks);

        problems.MapPost("/", CreateAsync)
            .WithName("CreateProblem")
            .WithSummary("Record a problem (optionally with its incidents); 400 names each invalid field. It starts the problem workflow.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        problems.MapGet("/", ListAsync)
            .WithName("ListProblems")
            .WithSummary("Problems filtered (state, priority, group, assignee, category, service, CI, text, known error), sorted (Newest, Oldest, Priority, Updated), paged");

        problems.MapGet("/{number}", GetAsync)
            .WithName("GetProblem")
            .WithSummary("A problem with its linked incidents, field history and the states it may move to")
            .ProducesProblems(StatusCodes.Status404NotFound);

        problems.MapPatch("/{number}", UpdateAsync)
            .WithName("UpdateProblem")
            .WithSummary("Change fields (absent: unchanged; empty text: cleared); root cause and workaround together make it a known error. With revision, a stale write is 409.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        problems.MapPost("/{number}/transitions", TransitionAsync)
            .WithName("TransitionProblem")
            .WithSummary("Move to another state; 409 lists the allowed ones, 400 names what the state needs (rootCause to fix, fix to resolve). Resolving leaves a work note on each linked open incident.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        problems.MapPost("/{number}/incidents", LinkIncidentAsync)
            .WithName("LinkProblemIncident")
            .WithSummary("Link an incident to the problem (again: no change); 404 for an unknown incident, 400 when it belongs to another open problem")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        problems.MapDelete("/{number}/incidents/{incident}", UnlinkIncidentAsync)
            .WithName("UnlinkProblemIncident")
            .WithSummary("Unlink an incident; 404 when it is not linked to this problem")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        api.MapGet("/known-errors", SearchKnownErrorsAsync)
            .RequireAuthorization(Policies.WorkTasks)
            .WithTags("Problems")
            .WithName("SearchKnownErrors")
            .WithSummary("The known-error base for the incident form: text in short description, root cause or workaround (any case), category, CI; each with its workaround");

        var proposals = api.MapGroup("/problem-proposals").WithTags("Problems").RequireAuthorization(Policies.WorkTasks);
        proposals.MapGet("/", ListProposalsAsync)
            .WithName("ListProblemProposals")
            .WithSummary("Problems proposed by recurring-incident detection (status Open, Accepted, Dismissed), newest first, with their incidents");
        proposals.MapPost("/{id:guid}/accept", AcceptProposalAsync)
            .WithName("AcceptProblemProposal")
            .WithSummary("Create the proposed problem (optional shortDescription, assignmentGroup) linked to its incidents; 409 when decided already")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        proposals.MapPost("/{id:guid}/dismiss", DismissProposalAsync)
            .WithName("DismissProblemProposal")
            .WithSummary("Dismiss the proposal (its incidents are not proposed again); 409 when decided already")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<Created<ProblemView>> CreateAsync(NewProblem request, ClaimsPrincipal user, ProblemService service, ProblemQueries queries, CancellationToken ct)
    {
        var problem = await service.CreateAsync(request, Name(user), ct);
        return TypedResults.Created($"/api/problems/{problem.Number}", await queries.NamedAsync(ProblemQueries.ToView(problem), ct));
    }

    public static Task<Results<Ok<Page<ProblemListItem>>, ValidationProblem>> ListAsync(
        ProblemState[]? state, int? priority, string? assignmentGroup, string? assignedTo, string? category, string? service, string? configurationItem,
        string? q, bool? knownError, RecordSort? sort, int? page, int? pageSize, ProblemQueries queries, CancellationToken ct) =>
        Paging.Run(page, pageSize, (p, size) => queries.ListAsync(
            new ProblemFilter
            {
                States = state, Priority = priority, AssignmentGroup = assignmentGroup, AssignedTo = assignedTo, Category = category, Service = service,
                ConfigurationItem = configurationItem, Text = q, IsKnownError = knownError,
            }, sort ?? RecordSort.Newest, p, size, ct));

    public static async Task<Results<Ok<ProblemDetails>, ProblemHttpResult>> GetAsync(string number, ProblemQueries queries, CancellationToken ct) =>
        await queries.GetAsync(number, ct) is { } details ? TypedResults.Ok(details) : ApiProblems.NotFound($"No problem '{number}'.");

    public static async Task<Ok<ProblemView>> UpdateAsync(string number, ProblemPatch patch, ClaimsPrincipal user, ProblemService service, ProblemQueries queries, CancellationToken ct)
    {
        var problem = await service.UpdateAsync(number, patch, patch.Revision, Name(user), ct);
        return TypedResults.Ok(await queries.NamedAsync(ProblemQueries.ToView(problem), ct));
    }

    public static async Task<Results<Ok<ProblemView>, ValidationProblem>> TransitionAsync(
        string number, TransitionRequest request, ClaimsPrincipal user, ProblemService service, CancellationToken ct)
    {
        if (request.State is not { } to)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["state"] = [$"Name the new state: {string.Join(", ", Enum.GetNames<ProblemState>())}."] });
        }

        var problem = await service.TransitionAsync(number, new ProblemTransition(to, request.RootCause, request.Workaround, request.Fix), Name(user), ct);
        return TypedResults.Ok(ProblemQueries.ToView(problem));
    }

    public static async Task<Results<Ok<ProblemView>, ValidationProblem>> LinkIncidentAsync(
        string number, LinkRequest request, ClaimsPrincipal user, ProblemService service, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Incident))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["incident"] = ["Name the incident to link (its number)."] });
        }

        var problem = await service.LinkIncidentAsync(number, request.Incident.Trim(), Name(user), ct);
        return TypedResults.Ok(ProblemQueries.ToView(problem));
    }

    public static async Task<NoContent> UnlinkIncidentAsync(string number, string incident, ClaimsPrincipal user, ProblemService service, CancellationToken ct)
    {
        await service.UnlinkIncidentAsync(number, incident, Name(user), ct);
        return TypedResults.NoContent();
    }

    public static Task<Results<Ok<Page<KnownErrorView>>, ValidationProblem>> SearchKnownErrorsAsync(
        string? q, string? category, string? configurationItem, int? page, int? pageSize, ProblemQueries queries, CancellationToken ct) =>
        Paging.Run(page, pageSize, (p, size) => queries.KnownErrorsAsync(new KnownErrorFilter(q, category, configurationItem), p, size, ct));

    public static Task<Results<Ok<Page<ProblemProposalView>>, ValidationProblem>> ListProposalsAsync(
        ProblemProposalStatus? status, int? page, int? pageSize, ProblemProposals all, CancellationToken ct) =>
        Paging.Run(page, pageSize, (p, size) => all.ListAsync(status, p, size, ct));

    public static async Task<Created<ProblemView>> AcceptProposalAsync(
        Guid id, ProblemProposalAcceptance? request, ClaimsPrincipal user, ProblemProposals all, CancellationToken ct)
    {
        var problem = await all.AcceptAsync(id, request ?? new ProblemProposalAcceptance(), Name(user), ct);
        return TypedResults.Created($"/api/problems/{problem.Number}", ProblemQueries.ToView(problem));
    }

    public static async Task<NoContent> DismissProposalAsync(Guid id, ClaimsPrincipal user, ProblemProposals all, CancellationToken ct)
    {
        await all.DismissAsync(id, Name(user), ct);
        return TypedResults.NoContent();
    }

    private static string Name(ClaimsPrincipal user) => user.Identity?.Name ?? string.Empty;
}
