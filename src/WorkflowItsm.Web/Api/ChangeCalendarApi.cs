using System.Security.Claims;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Itsm.Calendars;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Changes.Conflicts;
using WorkflowItsm.Itsm.Changes.Freezes;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>
/// Planning changes: maintenance and blackout windows and change freezes (defined by change managers and admins,
/// read by staff), a change's conflicts and next free slot, the change calendar as JSON for a range and as an iCal
/// feed. Requesters get 403. 400 names each invalid field, 404 an unknown change or freeze, 409 a freeze move not
/// allowed (with the allowed states).
/// </summary>
internal static class ChangeCalendarApi
{
    public sealed record FreezeView(string Number, string Name, string? Reason, ChangeFreezeState State, DateTime Start, DateTime End, IReadOnlyList<string> Scope,
        string CreatedBy, string? EnforcedBy, DateTime? EnforcedAt);

    public sealed record WindowView(long Id, string Name, string? Description, ChangeWindowKind Kind, bool AppliesToAll, DateTime? Start, DateTime? End,
        IReadOnlyList<DayOfWeek> Days, TimeOnly? StartTime, int? DurationMinutes, string TimeZone, IReadOnlyList<string> Targets);

    public sealed record ConflictView(ChangeConflictKind Kind, string? OtherChange, IReadOnlyList<string> Cis, string? RelationPath, long? WindowId, string Description);

    public static RouteGroupBuilder MapChangeCalendarApi(this RouteGroupBuilder api)
    {
        var windows = api.MapGroup("/change-windows").WithTags("Change calendar").RequireAuthorization(Policies.WorkTasks);
        windows.MapGet("/", ListWindowsAsync).WithName("ListChangeWindows").WithSummary("Maintenance and blackout windows with the CIs and services they apply to");
        windows.MapPost("/", CreateWindowAsync).RequireAuthorization(Policies.PlanChanges)
            .WithName("CreateChangeWindow")
            .WithSummary("A maintenance window (one-off, or weekly: days, startTime, durationMinutes, timeZone) or a blackout (start, end) on CIs/services or everything; 400 names each invalid field (end before start, unknown CI)")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        windows.MapDelete("/{id:long}", DeleteWindowAsync).RequireAuthorization(Policies.PlanChanges)
            .WithName("DeleteChangeWindow").WithSummary("Remove a window").ProducesProblems(StatusCodes.Status404NotFound);

        var freezes = api.MapGroup("/change-freezes").WithTags("Change calendar").RequireAuthorization(Policies.WorkTasks);
        freezes.MapGet("/", ListFreezesAsync).WithName("ListChangeFreezes").WithSummary("Change freezes (lockdowns), latest first");
        freezes.MapPost("/", CreateFreezeAsync).RequireAuthorization(Policies.PlanChanges)
            .WithName("CreateChangeFreeze").WithSummary("Draft a freeze: name, reason, start, end, scope (service and CI numbers); 400 names each invalid field")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        freezes.MapGet("/{number}", GetFreezeAsync).WithName("GetChangeFreeze").WithSummary("One freeze").ProducesProblems(StatusCodes.Status404NotFound);
        freezes.MapPost("/{number}/submit", SubmitFreezeAsync).RequireAuthorization(Policies.PlanChanges)
            .WithName("SubmitChangeFreeze")
            .WithSummary("Draft → awaiting approval under the approval rule change-freeze; approved, the freeze is enforced and holds the scheduled and implementing changes planned inside it on its scope; rejected, it returns to draft. 409 names the allowed moves")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        freezes.MapPost("/{number}/cancel", CancelFreezeAsync).RequireAuthorization(Policies.PlanChanges)
            .WithName("CancelChangeFreeze").WithSummary("Cancel: releases the changes this freeze held (only those); 409 when cancelled already")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        var changes = api.MapGroup("/changes").WithTags("Change calendar").RequireAuthorization(Policies.WorkTasks);
        changes.MapGet("/{number}/conflicts", ListConflictsAsync)
            .WithName("ListChangeConflicts").WithSummary("The conflicts found at the change's last plan change, in the order found")
            .ProducesProblems(StatusCodes.Status404NotFound);
        changes.MapPost("/{number}/conflicts/check", CheckConflictsAsync).RequireAuthorization(Policies.CheckChanges)
            .WithName("CheckChangeConflicts").WithSummary("Run the conflict check now and store what it finds")
            .ProducesProblems(StatusCodes.Status404NotFound);
        changes.MapGet("/{number}/next-free-slot", NextFreeSlotAsync)
            .WithName("ChangeNextFreeSlot").WithSummary("The first conflict-free window of the change's duration within 90 days (null start when none); 400 without a planned start and end")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        changes.MapGet("/calendar", CalendarAsync)
            .WithName("ChangeCalendar").WithSummary("The change calendar from start to end (at most 100 days): changes with state and conflict marker, maintenance windows' openings, blackouts, freezes, CAB meetings, releases' planned phases")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        changes.MapGet("/calendar.ics", CalendarFeedAsync)
            .WithName("ChangeCalendarFeed").WithSummary("The change calendar as an iCal feed (30 days back, 90 ahead): changes, maintenance windows, blackouts, freezes, CAB meetings with their agendas, releases' planned phases")
            .Produces<string>(StatusCodes.Status200OK, "text/calendar");
        return api;
    }

    public static async Task<Ok<IReadOnlyList<WindowView>>> ListWindowsAsync(ChangeWindows windows, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<WindowView>>([.. (await windows.ListAsync(ct)).Select(ToView)]);

    public static async Task<Created<WindowView>> CreateWindowAsync(NewChangeWindow request, ClaimsPrincipal user, ChangeWindows windows, CancellationToken ct)
    {
        var window = await windows.CreateAsync(request, Name(user), ct);
        return TypedResults.Created($"/api/change-windows/{window.Id}", ToView(window));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteWindowAsync(long id, ChangeWindows windows, CancellationToken ct) =>
        await windows.DeleteAsync(id, ct) ? TypedResults.NoContent() : ApiProblems.NotFound($"No change window {id}.");

    public static async Task<Ok<IReadOnlyList<FreezeView>>> ListFreezesAsync(ChangeFreezes freezes, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<FreezeView>>([.. (await freezes.ListAsync(ct)).Select(ToView)]);

    public static async Task<Created<FreezeView>> CreateFreezeAsync(NewChangeFreeze request, ClaimsPrincipal user, ChangeFreezes freezes, CancellationToken ct)
    {
        var freeze = await freezes.CreateAsync(request, Name(user), ct);
        return TypedResults.Created($"/api/change-freezes/{freeze.Number}", ToView(freeze));
    }

    public static async Task<Ok<FreezeView>> GetFreezeAsync(string number, ChangeFreezes freezes, CancellationToken ct) =>
        TypedResults.Ok(ToView(await freezes.GetAsync(number, ct)));

    public static async Task<Ok<FreezeView>> SubmitFreezeAsync(string number, ClaimsPrincipal user, ChangeFreezes freezes, CancellationToken ct) =>
        TypedResults.Ok(ToView(await freezes.SubmitAsync(number, Name(user), ct)));

    public static async Task<Ok<FreezeView>> CancelFreezeAsync(string number, ClaimsPrincipal user, ChangeFreezes freezes, CancellationToken ct) =>
        TypedResults.Ok(ToView(await freezes.CancelAsync(number, Name(user), ct)));

    public static async Task<Ok<IReadOnlyList<ConflictView>>> ListConflictsAsync(string number, ChangeConflictCheck check, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<ConflictView>>([.. (await check.ListAsync(number, ct)).Select(ToView)]);

    public static async Task<Ok<IReadOnlyList<ConflictView>>> CheckConflictsAsync(string number, ChangeConflictCheck check, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<ConflictView>>([.. (await check.CheckAndStoreAsync(number, ct)).Select(ToView)]);

    public sealed record FreeSlotView(DateTime? Start, DateTime? End, int HorizonDays);

    public static async Task<Ok<FreeSlotView>> NextFreeSlotAsync(string number, NextFreeSlot slots, CancellationToken ct) =>
        TypedResults.Ok(await slots.FindAsync(number, ct) is { } slot
            ? new FreeSlotView(slot.Start, slot.End, NextFreeSlot.HorizonDays)
            : new FreeSlotView(null, null, NextFreeSlot.HorizonDays));

    public static async Task<Results<Ok<CalendarRange>, ValidationProblem>> CalendarAsync(DateTime? start, DateTime? end, ChangeCalendar calendar, CancellationToken ct)
    {
        if (start is null || end is null || end <= start || (end.Value - start.Value).TotalDays > ChangeCalendar.MaxRangeDays)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["end"] = [$"Give start and end, the end after the start and at most {ChangeCalendar.MaxRangeDays} days later."],
            });
        }

        return TypedResults.Ok(await calendar.RangeAsync(ChangeWindows.Utc(start)!.Value, ChangeWindows.Utc(end)!.Value, ct));
    }

    public static async Task<IResult> CalendarFeedAsync(HttpContext http, ChangeCalendar calendar, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var range = await calendar.RangeAsync(now.AddDays(-30), now.AddDays(90), ct);
        var feed = new Calendar();
        feed.AddProperty("X-WR-CALNAME", "Change calendar");
        var site = $"{http.Request.Scheme}://{http.Request.Host}";
        foreach (var entry in range.Entries)
        {
            var item = new CalendarEvent
            {
                Uid = $"{entry.Id}@workflowitsm",
                Summary = entry.Kind switch
                {
                    CalendarEntryKind.Change => entry.Title + (entry.HasConflicts ? " (conflicts)" : string.Empty),
                    CalendarEntryKind.MaintenanceWindow => $"Maintenance window: {entry.Title}",
                    CalendarEntryKind.Blackout => $"Blackout: {entry.Title}",
                    CalendarEntryKind.CabMeeting => entry.Title,
                    CalendarEntryKind.ReleasePhase => $"Release {entry.Title}",
                    _ => $"Change freeze: {entry.Title}",
                },
                DtStart = new CalDateTime(entry.Start),
                DtEnd = new CalDateTime(entry.End),
                Description = entry.Detail,
            };
            if (entry.ChangeNumber is { } number)
            {
                item.Url = new Uri($"{site}/changes/{number}");
            }
            else if (entry.Link is { } link)
            {
                item.Url = new Uri($"{site}/{link}");
                if (entry.Kind == CalendarEntryKind.CabMeeting)
                {
                    // A meeting is held on its page: calendar clients show the location as a link to it.
                    item.Location = item.Url.ToString();
                }
            }

            if (entry.Kind == CalendarEntryKind.CabMeeting)
            {
                item.Description = $"Agenda:\n{entry.Detail}";
            }

            feed.Events.Add(item);
        }

        return TypedResults.Text(new CalendarSerializer().SerializeToString(feed) ?? string.Empty, "text/calendar; charset=utf-8");
    }

    private static WindowView ToView(ChangeWindow w) => new(w.Id, w.Name, w.Description, w.Kind, w.AppliesToAll, w.Start, w.End,
        [.. Enum.GetValues<DayOfWeek>().Where(d => w.Days.HasFlag(ChangeWindow.WeekDaysOf(d)))], w.StartTime, w.DurationMinutes, w.TimeZone,
        [.. w.Targets.Select(t => t.CiNumber)]);

    private static FreezeView ToView(ChangeFreeze f) =>
        new(f.Number, f.Name, f.Reason, f.State, f.Start, f.End, [.. f.Scope.Select(s => s.CiNumber)], f.OpenedBy, f.EnforcedBy, f.EnforcedAt);

    private static ConflictView ToView(ChangeConflict c) => new(c.Kind, c.OtherChangeNumber,
        c.CiNumbers is null ? [] : c.CiNumbers.Split(", "), c.RelationPath, c.WindowId, c.Description);

    private static string Name(ClaimsPrincipal user) => user.Identity?.Name ?? string.Empty;
}
