using System.Security.Claims;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>
/// Incidents. Staff work every incident; a requester reports incidents for themselves, sees only their own
/// (anybody else's answers 404, and work notes never reach them), comments on them, confirms or reopens them
/// once resolved, and may withdraw (cancel) one still open.
/// </summary>
internal static class IncidentsApi
{
    public sealed record IncidentPatch(
        string? ShortDescription, string? Description, string? Category, string? Subcategory, string? Service, string? ConfigurationItem,
        int? Impact, int? Urgency, string? AssignmentGroup, string? AssignedTo, string? Parent, bool? IsMajor, int? Revision);

    public sealed record TransitionRequest(IncidentState? State, OnHoldReason? OnHoldReason, string? ResolutionCode, string? ResolutionNotes);

    public sealed record NoteRequest(RecordNoteKind? Kind, string? Text);

    public static RouteGroupBuilder MapIncidentsApi(this RouteGroupBuilder api)
    {
        var incidents = api.MapGroup("/incidents").WithTags("Incidents");

        incidents.MapPost("/", (NewIncident request, ClaimsPrincipal user, IncidentService service, CancellationToken ct) =>
                RecordProblems.HandleAsync(async () =>
                {
                    var name = Name(user);
                    // Requesters report for themselves; routing, assignment and the major flag are the service desk's.
                    var input = Policies.IsStaff(user) ? request : request with { Caller = name, AssignmentGroup = null, AssignedTo = null, Parent = null, IsMajor = false };
                    var incident = await service.CreateAsync(input, name, ct);
                    return TypedResults.Created($"/api/incidents/{incident.Number}", IncidentQueries.ToView(incident, request.Parent));
                }))
            .WithName("CreateIncident")
            .WithSummary("Report an incident; 400 names each invalid field. It starts the incident-triage workflow.");

        incidents.MapGet("/", (IncidentState[]? state, int? priority, string? assignmentGroup, string? assignedTo, string? caller, string? category,
                string? service, string? configurationItem, string? q, bool? major, IncidentSort? sort, int? page, int? pageSize,
                ClaimsPrincipal user, IncidentQueries queries, CancellationToken ct) =>
                Paging.Run(page, pageSize, (p, size) => queries.ListAsync(
                    new IncidentFilter(state, priority, assignmentGroup, assignedTo, Policies.IsStaff(user) ? caller : Name(user), category, service, configurationItem, q, major),
                    sort ?? IncidentSort.Newest, p, size, ct)))
            .WithName("ListIncidents")
            .WithSummary("Incidents filtered (state, priority, group, assignee, caller, category, service, CI, text, major), sorted (Newest, Oldest, Priority, Updated), paged; requesters get their own");

        incidents.MapGet("/{number}", async (string number, ClaimsPrincipal user, IncidentQueries queries, CancellationToken ct) =>
                await queries.GetAsync(number, withWorkNotes: Policies.IsStaff(user), ct) is { } details && (Policies.IsStaff(user) || details.Incident.Caller == Name(user))
                    ? Results.Ok(details)
                    : RuntimeProblems.NotFound($"No incident '{number}'."))
            .WithName("GetIncident")
            .WithSummary("An incident with its children, notes, field history and the states it may move to");

        incidents.MapPatch("/{number}", (string number, IncidentPatch patch, ClaimsPrincipal user, IncidentService service, CancellationToken ct) =>
                RecordProblems.HandleAsync(async () =>
                {
                    var incident = await service.UpdateAsync(number, new IncidentChanges(patch.ShortDescription, patch.Description, patch.Category, patch.Subcategory,
                        patch.Service, patch.ConfigurationItem, patch.Impact, patch.Urgency, patch.AssignmentGroup, patch.AssignedTo, patch.Parent, patch.IsMajor),
                        patch.Revision, Name(user), ct);
                    return TypedResults.Ok(IncidentQueries.ToView(incident, null));
                }))
            .RequireAuthorization(Policies.WorkTasks)
            .WithName("UpdateIncident")
            .WithSummary("Change fields (absent: unchanged; empty text: cleared); every change is audited. With revision, a stale write is 409.");

        incidents.MapPost("/{number}/transitions", (string number, TransitionRequest request, ClaimsPrincipal user, IncidentService service, IncidentQueries queries,
                CancellationToken ct) =>
                RecordProblems.HandleAsync(async () =>
                {
                    if (request.State is not { } to)
                    {
                        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["state"] = [$"Name the new state: {string.Join(", ", Enum.GetNames<IncidentState>())}."] });
                    }

                    if (!Policies.IsStaff(user) && !await CallerMayAsync(number, to, user, queries, ct))
                    {
                        return RuntimeProblems.NotFound($"No incident '{number}'.");
                    }

                    var incident = await service.TransitionAsync(number, new IncidentTransition(to, request.OnHoldReason, request.ResolutionCode, request.ResolutionNotes), Name(user), ct);
                    return TypedResults.Ok(IncidentQueries.ToView(incident, null));
                }))
            .WithName("TransitionIncident")
            .WithSummary("Move to another state; 409 lists the allowed ones, 400 names what the state needs (onHoldReason; resolutionCode and resolutionNotes)");

        incidents.MapPost("/{number}/notes", (string number, NoteRequest request, ClaimsPrincipal user, IncidentService service, IncidentQueries queries, CancellationToken ct) =>
                RecordProblems.HandleAsync(async () =>
                {
                    var kind = request.Kind ?? RecordNoteKind.Comment;
                    if (!Policies.IsStaff(user) && await queries.CallerOfAsync(number, ct) != Name(user))
                    {
                        return RuntimeProblems.NotFound($"No incident '{number}'.");
                    }

                    if (!Policies.IsStaff(user) && kind == RecordNoteKind.WorkNote)
                    {
                        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = ["Work notes are for the service desk; add a comment."] });
                    }

                    var note = await service.AddNoteAsync(number, kind, request.Text, Name(user), ct);
                    return TypedResults.Created($"/api/incidents/{number}", new RecordNoteView(note.Id, note.Kind, note.Text, note.Author, note.At));
                }))
            .WithName("AddIncidentNote")
            .WithSummary("Add a comment (the caller sees it) or a work note (staff only)");

        var matrix = api.MapGroup("/priority-matrix").WithTags("Incidents");
        matrix.MapGet("/", (PriorityMatrix priorities, CancellationToken ct) => priorities.GetAsync(ct))
            .WithName("GetPriorityMatrix")
            .WithSummary("Impact × urgency → priority");
        matrix.MapPut("/", async (PriorityMatrixCell[] cells, PriorityMatrix priorities, CancellationToken ct) =>
                await priorities.SetAsync(cells, ct) is { Count: > 0 } problems
                    ? Results.ValidationProblem(new Dictionary<string, string[]> { ["cells"] = [.. problems] })
                    : Results.Ok(await priorities.GetAsync(ct)))
            .RequireAuthorization(policy => policy.RequireRole(Roles.Admin))
            .WithName("SetPriorityMatrix")
            .WithSummary("Replace the matrix (admins): all nine impact/urgency pairs, priorities 1–5; applies to incidents created or re-prioritized from now on");
        return api;
    }

    private static string Name(ClaimsPrincipal user) => user.Identity?.Name ?? string.Empty;

    // The caller confirms (close) or reopens a resolved incident, or withdraws an open one; anything else is the desk's.
    private static async Task<bool> CallerMayAsync(string number, IncidentState to, ClaimsPrincipal user, IncidentQueries queries, CancellationToken ct) =>
        await queries.CallerOfAsync(number, ct) == Name(user) && to is IncidentState.Closed or IncidentState.InProgress or IncidentState.Cancelled;
}
