using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>
/// Incidents. Staff work every incident; a requester reports incidents for themselves, sees only their own
/// (anybody else's answers 404, and work notes never reach them), comments on them, confirms or reopens them
/// once resolved, and may withdraw (cancel) one still open.
/// </summary>
internal static class IncidentsApi
{
    /// <summary>The fields to change, and the revision they were read at (a change saved since answers 409).</summary>
    public sealed record IncidentPatch : IncidentChanges
    {
        public int? Revision { get; init; }
    }

    public sealed record TransitionRequest(IncidentState? State, OnHoldReason? OnHoldReason, string? ResolutionCode, string? ResolutionNotes);

    public sealed record NoteRequest(RecordNoteKind? Kind, string? Text);

    public static RouteGroupBuilder MapIncidentsApi(this RouteGroupBuilder api)
    {
        var incidents = api.MapGroup("/incidents").WithTags("Incidents");

        incidents.MapPost("/", CreateAsync)
            .WithName("CreateIncident")
            .WithSummary("Report an incident; 400 names each invalid field. It starts the incident-triage workflow.")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        incidents.MapGet("/", ListAsync)
            .WithName("ListIncidents")
            .WithSummary("Incidents filtered (state, priority, group, assignee, caller, category, service, CI, text, major), sorted (Newest, Oldest, Priority, Updated), paged; requesters get their own");

        incidents.MapGet("/{number}", GetAsync)
            .WithName("GetIncident")
            .WithSummary("An incident with its children, notes, field history and the states it may move to")
            .ProducesProblems(StatusCodes.Status404NotFound);

        incidents.MapPatch("/{number}", UpdateAsync)
            .RequireAuthorization(Policies.WorkTasks)
            .WithName("UpdateIncident")
            .WithSummary("Change fields (absent: unchanged; empty text: cleared); every change is audited. With revision, a stale write is 409.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        incidents.MapPost("/{number}/transitions", TransitionAsync)
            .WithName("TransitionIncident")
            .WithSummary("Move to another state; 409 lists the allowed ones, 400 names what the state needs (onHoldReason; resolutionCode and resolutionNotes)")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        incidents.MapPost("/{number}/notes", AddNoteAsync)
            .WithName("AddIncidentNote")
            .WithSummary("Add a comment (the caller sees it) or a work note (staff only)")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        var matrix = api.MapGroup("/priority-matrix").WithTags("Incidents");
        matrix.MapGet("/", GetPriorityMatrixAsync)
            .WithName("GetPriorityMatrix")
            .WithSummary("Impact × urgency → priority");
        matrix.MapPut("/", SetPriorityMatrixAsync)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Admin))
            .WithName("SetPriorityMatrix")
            .WithSummary("Replace the matrix (admins): all nine impact/urgency pairs, priorities 1–5; applies to incidents created or re-prioritized from now on");
        return api;
    }

    public static async Task<Created<IncidentView>> CreateAsync(NewIncident request, ClaimsPrincipal user, IncidentService service, IncidentQueries queries, CancellationToken ct)
    {
        var name = Name(user);
        // Requesters report for themselves; routing, assignment and the major flag are the service desk's.
        var input = Policies.IsStaff(user) ? request : request with { Caller = name, AssignmentGroup = null, AssignedTo = null, Parent = null, IsMajor = false };
        var incident = await service.CreateAsync(input, name, ct);
        return TypedResults.Created($"/api/incidents/{incident.Number}", await queries.NamedAsync(IncidentQueries.ToView(incident, request.Parent), ct));
    }

    public static Task<Results<Ok<Page<IncidentListItem>>, ValidationProblem>> ListAsync(
        IncidentState[]? state, int? priority, string? assignmentGroup, string? assignedTo, string? caller, string? category, string? service,
        string? configurationItem, string? q, bool? major, RecordSort? sort, int? page, int? pageSize, ClaimsPrincipal user, IncidentQueries queries,
        CancellationToken ct) =>
        Paging.Run(page, pageSize, (p, size) => queries.ListAsync(
            new IncidentFilter
            {
                States = state, Priority = priority, AssignmentGroup = assignmentGroup, AssignedTo = assignedTo, Caller = Policies.IsStaff(user) ? caller : Name(user),
                Category = category, Service = service, ConfigurationItem = configurationItem, Text = q, IsMajor = major,
            },
            sort ?? RecordSort.Newest, p, size, ct));

    public static async Task<Results<Ok<IncidentDetails>, ProblemHttpResult>> GetAsync(string number, ClaimsPrincipal user, IncidentQueries queries, CancellationToken ct) =>
        await queries.GetAsync(number, withWorkNotes: Policies.IsStaff(user), ct) is { } details && (Policies.IsStaff(user) || details.Incident.Caller == Name(user))
            ? TypedResults.Ok(details)
            : ApiProblems.NotFound($"No incident '{number}'.");

    public static async Task<Ok<IncidentView>> UpdateAsync(string number, IncidentPatch patch, ClaimsPrincipal user, IncidentService service, IncidentQueries queries, CancellationToken ct)
    {
        var incident = await service.UpdateAsync(number, patch, patch.Revision, Name(user), ct);
        return TypedResults.Ok(await queries.NamedAsync(IncidentQueries.ToView(incident, null), ct));
    }

    public static async Task<Results<Ok<IncidentView>, ValidationProblem, ProblemHttpResult>> TransitionAsync(
        string number, TransitionRequest request, ClaimsPrincipal user, IncidentService service, IncidentCaller caller, CancellationToken ct)
    {
        if (request.State is not { } to)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["state"] = [$"Name the new state: {string.Join(", ", Enum.GetNames<IncidentState>())}."] });
        }

        if (!Policies.IsStaff(user))
        {
            await caller.EnsureMayMoveAsync(number, Name(user), to, ct);
        }

        var incident = await service.TransitionAsync(number, new IncidentTransition(to, request.OnHoldReason, request.ResolutionCode, request.ResolutionNotes), Name(user), ct);
        return TypedResults.Ok(IncidentQueries.ToView(incident, null));
    }

    public static async Task<Results<Created<RecordNoteView>, ValidationProblem, ProblemHttpResult>> AddNoteAsync(
        string number, NoteRequest request, ClaimsPrincipal user, IncidentService service, IncidentQueries queries, CancellationToken ct)
    {
        var kind = request.Kind ?? RecordNoteKind.Comment;
        if (!Policies.IsStaff(user) && await queries.CallerOfAsync(number, ct) != Name(user))
        {
            return ApiProblems.NotFound($"No incident '{number}'.");
        }

        if (!Policies.IsStaff(user) && kind == RecordNoteKind.WorkNote)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = ["Work notes are for the service desk; add a comment."] });
        }

        var note = await service.AddNoteAsync(number, kind, request.Text, Name(user), ct);
        return TypedResults.Created($"/api/incidents/{number}", new RecordNoteView(note.Id, note.Kind, note.Text, note.Author, note.At));
    }

    public static async Task<Ok<IReadOnlyList<PriorityMatrixCell>>> GetPriorityMatrixAsync(PriorityMatrix priorities, CancellationToken ct) =>
        TypedResults.Ok(await priorities.GetAsync(ct));

    public static async Task<Results<Ok<IReadOnlyList<PriorityMatrixCell>>, ValidationProblem>> SetPriorityMatrixAsync(
        PriorityMatrixCell[] cells, PriorityMatrix priorities, CancellationToken ct) =>
        await priorities.SetAsync(cells, ct) is { Count: > 0 } problems
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["cells"] = [.. problems] })
            : TypedResults.Ok(await priorities.GetAsync(ct));

    private static string Name(ClaimsPrincipal user) => user.Identity?.Name ?? string.Empty;
}
