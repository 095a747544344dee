using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Itsm.Changes.Cab;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>
/// Change advisory boards and their meetings: staff read them; change managers and admins keep the boards and run
/// the meetings (start, decide per change, close). 400 names each invalid field, 404 an unknown board, meeting or a
/// change not on the agenda, 409 a meeting past the step asked for or a change decided already.
/// </summary>
internal static class CabApi
{
    public sealed record DecisionRequest(string? ChangeNumber, CabDecision? Decision, string? Note);

    public sealed record CloseRequest(string? Minutes);

    public static RouteGroupBuilder MapCabApi(this RouteGroupBuilder api)
    {
        var cab = api.MapGroup("/cab").WithTags("CAB").RequireAuthorization(Policies.WorkTasks);
        var managers = cab.MapGroup("").RequireAuthorization(policy => policy.RequireRole(Roles.ChangeManager, Roles.Admin));

        cab.MapGet("/boards", ListBoardsAsync)
            .WithName("ListCabBoards")
            .WithSummary("The change advisory boards with their schedule, chair, members group, delegates and next meeting");
        managers.MapPost("/boards", AddBoardAsync)
            .WithName("AddCabBoard")
            .WithSummary("Add a board (schedule as a five-field cron in its time zone); 400 names each invalid field")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        managers.MapPut("/boards/{id:long}", UpdateBoardAsync)
            .WithName("UpdateCabBoard")
            .WithSummary("Change a board; its next agenda follows at the job's next run")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        managers.MapPost("/boards/{id:long}/agenda", BuildAgendaAsync)
            .WithName("BuildCabAgenda")
            .WithSummary("Build the board's next meeting and agenda now (the hourly job does it too) and send it when it changed")
            .ProducesProblems(StatusCodes.Status404NotFound);

        cab.MapGet("/meetings", ListMeetingsAsync)
            .WithName("ListCabMeetings")
            .WithSummary("Meetings overlapping [from, to) (default: the next 30 days), earliest first")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        cab.MapGet("/meetings/{id:long}", GetMeetingAsync)
            .WithName("GetCabMeeting")
            .WithSummary("One meeting with its agenda: each change in its time slot with risk, window and the board's decision")
            .ProducesProblems(StatusCodes.Status404NotFound);
        managers.MapPost("/meetings/{id:long}/start", StartMeetingAsync)
            .WithName("StartCabMeeting")
            .WithSummary("Open the meeting; 409 unless it is planned")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        managers.MapPost("/meetings/{id:long}/decisions", DecideAsync)
            .WithName("DecideCabAgendaItem")
            .WithSummary("The chair defers one change of the running meeting to the next one (decision: deferred; the board approves or rejects by voting on the change's approval); 400 for another decision, 409 when decided already")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        managers.MapPost("/meetings/{id:long}/close", CloseMeetingAsync)
            .WithName("CloseCabMeeting")
            .WithSummary("Close the running meeting with its minutes; changes not reached are deferred to the next one")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<Ok<IReadOnlyList<CabDefinitionView>>> ListBoardsAsync(CabDefinitions boards, CancellationToken ct) =>
        TypedResults.Ok(await boards.ListAsync(ct));

    public static async Task<Created<CabDefinitionView>> AddBoardAsync(CabDefinitionInput input, CabDefinitions boards, CancellationToken ct)
    {
        var created = await boards.AddAsync(input, ct);
        return TypedResults.Created($"/api/cab/boards/{created.Id}", created);
    }

    public static async Task<Ok<CabDefinitionView>> UpdateBoardAsync(long id, CabDefinitionInput input, CabDefinitions boards, CancellationToken ct) =>
        TypedResults.Ok(await boards.UpdateAsync(id, input, ct));

    public static async Task<Results<Ok<CabMeetingView>, NoContent>> BuildAgendaAsync(long id, CabDefinitions boards, CabAgendaJob job, CabMeetings meetings, CancellationToken ct)
    {
        var meeting = await job.BuildNextAsync(await boards.FindAsync(id, ct), ct);
        return meeting is null ? TypedResults.NoContent() : TypedResults.Ok(await meetings.GetAsync(meeting.Id, ct));
    }

    public static async Task<Ok<IReadOnlyList<CabMeetingSummary>>> ListMeetingsAsync(CabMeetings meetings, TimeProvider time, CancellationToken ct, DateTime? from = null, DateTime? to = null)
    {
        var start = from?.ToUniversalTime() ?? time.GetUtcNow().UtcDateTime.Date;
        return TypedResults.Ok(await meetings.UpcomingAsync(start, to?.ToUniversalTime() ?? start.AddDays(30), ct));
    }

    public static async Task<Ok<CabMeetingView>> GetMeetingAsync(long id, CabMeetings meetings, CancellationToken ct) =>
        TypedResults.Ok(await meetings.GetAsync(id, ct));

    public static async Task<Ok<CabMeetingView>> StartMeetingAsync(long id, CabMeetings meetings, CancellationToken ct)
    {
        await meetings.StartAsync(id, ct);
        return TypedResults.Ok(await meetings.GetAsync(id, ct));
    }

    public static async Task<Ok<CabMeetingView>> DecideAsync(long id, DecisionRequest request, CabMeetings meetings, ClaimsPrincipal user, CancellationToken ct)
    {
        await meetings.DecideAsync(id, request.ChangeNumber ?? string.Empty, request.Decision ?? CabDecision.Pending, request.Note, user.Identity!.Name!, ct);
        return TypedResults.Ok(await meetings.GetAsync(id, ct));
    }

    public static async Task<Ok<CabMeetingView>> CloseMeetingAsync(long id, CloseRequest request, CabMeetings meetings, ClaimsPrincipal user, CancellationToken ct)
    {
        await meetings.CompleteAsync(id, request.Minutes, user.Identity!.Name!, ct);
        return TypedResults.Ok(await meetings.GetAsync(id, ct));
    }
}
