using System.Security.Claims;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Escalations;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>
/// On-call schedules, escalation policies, acknowledgement and manual escalation. Staff read; agents and admins keep
/// schedules and overrides, acknowledge and escalate by hand; admins keep policies and the groups' managers. Anyone
/// signed in may use an acknowledge link, which works only for the person it was sent to (403 for anyone else).
/// 400 names each invalid field (nothing is stored), 404 an unknown schedule, group, record or link, 409 an escalation
/// acknowledged already (or over) and a used link.
/// </summary>
internal static class EscalationsApi
{
    public sealed record ReasonRequest(string? Reason);

    public sealed record FunctionalRequest(string? ToGroup, string? Reason);

    public sealed record ManagerRequest(string? UserName);

    /// <summary>Whether the caller has a secret address of the feed, and since when (the address itself is shown only when made).</summary>
    public sealed record FeedState(bool HasAddress, DateTime? IssuedAt);

    /// <summary>A feed's new secret address: subscribe a calendar app to it; it is not shown again.</summary>
    public sealed record FeedAddress(string Url, DateTime IssuedAt);

    public sealed record PagerRequest(string? Url);

    public sealed record PagerState(OnCallChannelView? Channel);

    public sealed record PagerSecret(string Secret);

    /// <summary>A policy's new content (as when creating it) and whether it still runs.</summary>
    public sealed record PolicyUpdate
    {
        public string? Name { get; init; }
        public int? RepeatCount { get; init; }
        public int? SlaDefinitionId { get; init; }
        public string? Service { get; init; }
        public int? Priority { get; init; }
        public bool? OnNewIncident { get; init; }
        public bool? OnSlaWarning { get; init; }
        public bool? OnSlaBreach { get; init; }
        public bool? OnChangeFailure { get; init; }
        public IReadOnlyList<NewEscalationLevel>? Levels { get; init; }
        public bool? IsActive { get; init; }

        public NewEscalationPolicy ToPolicy() => new()
        {
            Name = Name, RepeatCount = RepeatCount, SlaDefinitionId = SlaDefinitionId, Service = Service, Priority = Priority,
            OnNewIncident = OnNewIncident, OnSlaWarning = OnSlaWarning, OnSlaBreach = OnSlaBreach, OnChangeFailure = OnChangeFailure, Levels = Levels,
        };
    }

    /// <summary>A record's escalations: the policies run on it, the manual steps, and how many management levels up it is.</summary>
    public sealed record RecordEscalations(string Number, IReadOnlyList<EscalationView> Escalations, IReadOnlyList<ManualEscalationView> Manual, int ManagementLevel);

    public static void Workers(AuthorizationPolicyBuilder policy) => policy.RequireRole(Roles.Agent, Roles.Admin);

    public static void Admins(AuthorizationPolicyBuilder policy) => policy.RequireRole(Roles.Admin);

    public static RouteGroupBuilder MapEscalationsApi(this RouteGroupBuilder api)
    {
        var escalations = api.MapGroup("/escalations").WithTags("Escalations");
        escalations.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (OnCallForbiddenException forbidden)
            {
                return TypedResults.Problem(title: "Not yours to change", detail: forbidden.Message, statusCode: StatusCodes.Status403Forbidden);
            }
        });

        escalations.MapGet("/schedules", ListSchedulesAsync).RequireAuthorization(Policies.WorkTasks)
            .WithName("ListOnCallSchedules").WithSummary("On-call schedules (of one group with ?group=), with their layers' rotations and overrides")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        escalations.MapGet("/schedules/{id:int}", GetScheduleAsync).RequireAuthorization(Policies.WorkTasks)
            .WithName("GetOnCallSchedule").WithSummary("One on-call schedule").ProducesProblems(StatusCodes.Status404NotFound);

        escalations.MapPost("/schedules", CreateScheduleAsync).RequireAuthorization(Workers)
            .WithName("CreateOnCallSchedule")
            .WithSummary("An on-call schedule of a group in an IANA time zone, with one rotation per layer (primary, secondary): daily, weekly (handoff weekday) or custom (shift days), handoff time, start date, restriction (Always, BusinessHours, NightsAndWeekends), members in order. 400 names each invalid field (layers[0].members...).")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        escalations.MapPost("/schedules/{id:int}/overrides", AddOverrideAsync).RequireAuthorization(Workers)
            .WithName("AddOnCallOverride").WithSummary("A person covers a layer from startsAt to endsAt (UTC); it wins over the rotation. 400 names the field (endsAt before startsAt...).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        escalations.MapGet("/schedules/{id:int}/on-call", WhoOnScheduleAsync).RequireAuthorization(Policies.WorkTasks)
            .WithName("WhoIsOnCallOnSchedule").WithSummary("Who answers a layer (default primary) of the schedule now, or at ?at=")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        escalations.MapGet("/schedules/{id:int}/calendar.ics", CalendarFeedAsync).RequireAuthorization(Policies.WorkTasks)
            .WithName("OnCallCalendarFeed").WithSummary("The schedule's shifts and overrides from 30 days back to 90 ahead, as iCalendar")
            .Produces<string>(StatusCodes.Status200OK, "text/calendar").ProducesProblems(StatusCodes.Status404NotFound);

        escalations.MapGet("/groups/{group}/on-call", WhoForGroupAsync).RequireAuthorization(Policies.WorkTasks)
            .WithName("WhoIsOnCallForGroup").WithSummary("Who answers a layer (default primary) for the group now, or at ?at=; 404 when the group has no schedule")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        escalations.MapPut("/groups/{group}/manager", SetManagerAsync).RequireAuthorization(Admins)
            .WithName("SetGroupManager").WithSummary("Name the group's manager (userName): the \"group's manager\" target of policies and whom hierarchical escalations tell")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        escalations.MapGet("/policies", ListPoliciesAsync).RequireAuthorization(Policies.WorkTasks)
            .WithName("ListEscalationPolicies").WithSummary("Escalation policies with their levels, targets and timeouts");

        escalations.MapPost("/policies", CreatePolicyAsync).RequireAuthorization(Admins)
            .WithName("CreateEscalationPolicy")
            .WithSummary("A policy attached to an SLA definition, a service or a priority, answering a new P1 incident, SLA warnings or breaches, or a change on it closed as unsuccessful (onChangeFailure); ordered levels, each with targets (OnCall with scheduleId/layer, Person, Group, GroupManager) and timeoutMinutes > 0; repeatCount. 400 names each invalid field (levels[0].targets...).")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        escalations.MapGet("/records/{number}", OfRecordAsync).RequireAuthorization(Policies.WorkTasks)
            .WithName("GetRecordEscalations").WithSummary("A record's escalations (levels paged, who acknowledged) and manual escalations")
            .ProducesProblems(StatusCodes.Status404NotFound);

        escalations.MapPost("/records/{number}/acknowledge", AcknowledgeAsync).RequireAuthorization(Workers)
            .WithName("AcknowledgeEscalation").WithSummary("Acknowledge the escalation running on the record: no further level is paged. 409 when acknowledged already or over.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        escalations.MapPost("/links/{token}/acknowledge", AcknowledgeByLinkAsync).RequireAuthorization()
            .WithName("AcknowledgeEscalationByLink").WithSummary("Acknowledge through the emailed link: once, and only for the person it was sent to (403 for anyone else, 409 once used)")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        escalations.MapPost("/records/{number}/functional", FunctionalAsync).RequireAuthorization(Workers)
            .WithName("EscalateFunctionally").WithSummary("Escalate an incident to another group (toGroup) with a reason: it is reassigned to that group, whose members are told")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        escalations.MapPost("/records/{number}/hierarchical", HierarchicalAsync).RequireAuthorization(Workers)
            .WithName("EscalateHierarchically").WithSummary("Escalate an incident to management with a reason: the group's manager is told (400 when none is named)")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        escalations.MapPost("/records/{number}/de-escalate", DeEscalateAsync).RequireAuthorization(Workers)
            .WithName("DeEscalate").WithSummary("One management level back down, with a reason; 409 when the incident is not escalated to management")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        escalations.MapPut("/schedules/{id:int}", UpdateScheduleAsync).RequireAuthorization(Workers)
            .WithName("UpdateOnCallSchedule")
            .WithSummary("Rename the schedule, change its time zone and replace its layers' rotations (as when creating it); its group and overrides stay. Admins and the group's manager only (403).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        escalations.MapDelete("/schedules/{id:int}/overrides/{overrideId:int}", RemoveOverrideAsync).RequireAuthorization(Workers)
            .WithName("RemoveOnCallOverride").WithSummary("Remove an override; admins and the group's manager only (403)")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        escalations.MapGet("/schedules/{id:int}/swaps", ListSwapsAsync).RequireAuthorization(Policies.WorkTasks)
            .WithName("ListOnCallSwaps").WithSummary("The schedule's swap requests, newest first").ProducesProblems(StatusCodes.Status404NotFound);

        escalations.MapPost("/schedules/{id:int}/swaps", RequestSwapAsync).RequireAuthorization(Workers)
            .WithName("RequestOnCallSwap")
            .WithSummary("The person on call asks another (userName) to take a span of her shift on a layer (startsAt, endsAt); nothing changes until the other accepts. 400 when the span is not all hers.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        escalations.MapPost("/schedules/{id:int}/swaps/{swapId:int}/accept", AcceptSwapAsync).RequireAuthorization(Workers)
            .WithName("AcceptOnCallSwap").WithSummary("The person asked takes the span: it becomes an override. 403 for anyone else, 409 once answered.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        escalations.MapPost("/schedules/{id:int}/swaps/{swapId:int}/decline", DeclineSwapAsync).RequireAuthorization(Workers)
            .WithName("DeclineOnCallSwap").WithSummary("The person asked declines; the shift stays. 403 for anyone else, 409 once answered.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        escalations.MapGet("/people/{userName}/calendar.ics", PersonFeedAsync).RequireAuthorization(Policies.WorkTasks)
            .WithName("PersonOnCallCalendarFeed").WithSummary("The spans a person is on call across every schedule (overrides applied, restricted hours left out) from 30 days back to 90 ahead, as iCalendar")
            .Produces<string>(StatusCodes.Status200OK, "text/calendar").ProducesProblems(StatusCodes.Status404NotFound);

        escalations.MapGet("/policies/{id:int}", GetPolicyAsync).RequireAuthorization(Policies.WorkTasks)
            .WithName("GetEscalationPolicy").WithSummary("One escalation policy").ProducesProblems(StatusCodes.Status404NotFound);

        escalations.MapPut("/policies/{id:int}", UpdatePolicyAsync).RequireAuthorization(Admins)
            .WithName("UpdateEscalationPolicy").WithSummary("Replace a policy's name, attachments, triggers, repeats and levels (as when creating it) and whether it is active (isActive)")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        escalations.MapGet("/reports/escalations", EscalationReportAsync).RequireAuthorization(Policies.WorkTasks)
            .WithName("EscalationReport").WithSummary("Escalations started in [from, to) by group, service and level: how many, acknowledged, nobody acknowledged, minutes to acknowledge; manual escalations per group")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        escalations.MapGet("/reports/on-call-load", OnCallLoadAsync).RequireAuthorization(Policies.WorkTasks)
            .WithName("OnCallLoadReport").WithSummary("Hours each person answered in [from, to) (of one group's schedules with ?group=), by layer and as overrides")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        escalations.MapGet("/feeds/{token}/calendar.ics", SubscribedFeedAsync).AllowAnonymous()
            .WithName("SubscribedOnCallFeed")
            .WithSummary("A person's on-call feed or a schedule's, by its secret address, for calendar apps that cannot sign in; 404 for an unknown or reset address")
            .Produces<string>(StatusCodes.Status200OK, "text/calendar").ProducesProblems(StatusCodes.Status404NotFound);

        escalations.MapGet("/feeds/me", MyFeedAsync).RequireAuthorization(Policies.WorkTasks)
            .WithName("GetMyOnCallFeedAddress").WithSummary("Whether I have a secret address of my own on-call feed, and since when");

        escalations.MapPost("/feeds/me", ResetMyFeedAsync).RequireAuthorization(Policies.WorkTasks)
            .WithName("ResetMyOnCallFeedAddress").WithSummary("A new secret address of my own on-call feed (shown this once); the old one stops working");

        escalations.MapDelete("/feeds/me", RevokeMyFeedAsync).RequireAuthorization(Policies.WorkTasks)
            .WithName("RevokeMyOnCallFeedAddress").WithSummary("Stop my own on-call feed's secret address");

        escalations.MapGet("/feeds/schedules/{id:int}", MyScheduleFeedAsync).RequireAuthorization(Policies.WorkTasks)
            .WithName("GetMyScheduleFeedAddress").WithSummary("Whether I have a secret address of the schedule's feed, and since when")
            .ProducesProblems(StatusCodes.Status404NotFound);

        escalations.MapPost("/feeds/schedules/{id:int}", ResetMyScheduleFeedAsync).RequireAuthorization(Policies.WorkTasks)
            .WithName("ResetMyScheduleFeedAddress").WithSummary("A new secret address of the schedule's feed for me (shown this once); my old one stops working, other people's stay")
            .ProducesProblems(StatusCodes.Status404NotFound);

        escalations.MapDelete("/feeds/schedules/{id:int}", RevokeMyScheduleFeedAsync).RequireAuthorization(Policies.WorkTasks)
            .WithName("RevokeMyScheduleFeedAddress").WithSummary("Stop my secret address of the schedule's feed");

        escalations.MapGet("/pager", MyPagerAsync).RequireAuthorization(Policies.WorkTasks)
            .WithName("GetMyPagerHook").WithSummary("My pager hook: the webhook URL (an SMS, voice or chat gateway) every page to me is also posted to, signed");

        escalations.MapPut("/pager", SetMyPagerAsync).RequireAuthorization(Policies.WorkTasks)
            .WithName("SetMyPagerHook")
            .WithSummary("Set my pager hook's URL (http or https; loopback and private addresses are refused when called); a new hook's signing secret is returned this once. 400 names the field.")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        escalations.MapPost("/pager/secret", ResetMyPagerSecretAsync).RequireAuthorization(Policies.WorkTasks)
            .WithName("ResetMyPagerHookSecret").WithSummary("A new signing secret for my pager hook (shown this once)").ProducesProblems(StatusCodes.Status404NotFound);

        escalations.MapDelete("/pager", RemoveMyPagerAsync).RequireAuthorization(Policies.WorkTasks)
            .WithName("RemoveMyPagerHook").WithSummary("Remove my pager hook");
        return api;
    }

    public static async Task<IResult> SubscribedFeedAsync(string token, OnCallFeeds feeds, OnCallSchedules schedules, TimeProvider time, CancellationToken ct)
    {
        // The same answer for an unknown, reset, malformed or orphaned address: nothing tells which.
        if (await feeds.OpenAsync(token, ct) is not { } access)
        {
            return ApiProblems.NotFound("There is no feed at this address: it was reset, or never was.");
        }

        if (access.ScheduleId is not { } id)
        {
            return await PersonCalendarAsync(access.UserName, schedules, time, ct);
        }

        var schedule = await schedules.FindAsync(id, ct);
        return ScheduleCalendar(schedule, time);
    }

    public static async Task<Ok<FeedState>> MyFeedAsync(ClaimsPrincipal user, OnCallFeeds feeds, CancellationToken ct) => TypedResults.Ok(State(await feeds.IssuedAtAsync(Name(user), null, ct)));

    public static async Task<Ok<FeedAddress>> ResetMyFeedAsync(ClaimsPrincipal user, HttpContext http, OnCallFeeds feeds, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(new FeedAddress(FeedUrl(http, await feeds.ResetAsync(Name(user), null, ct)), time.GetUtcNow().UtcDateTime));

    public static async Task<NoContent> RevokeMyFeedAsync(ClaimsPrincipal user, OnCallFeeds feeds, CancellationToken ct)
    {
        await feeds.RevokeAsync(Name(user), null, ct);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<FeedState>> MyScheduleFeedAsync(int id, ClaimsPrincipal user, OnCallSchedules schedules, OnCallFeeds feeds, CancellationToken ct)
    {
        await schedules.FindAsync(id, ct);
        return TypedResults.Ok(State(await feeds.IssuedAtAsync(Name(user), id, ct)));
    }

    public static async Task<Ok<FeedAddress>> ResetMyScheduleFeedAsync(int id, ClaimsPrincipal user, HttpContext http, OnCallFeeds feeds, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(new FeedAddress(FeedUrl(http, await feeds.ResetAsync(Name(user), id, ct)), time.GetUtcNow().UtcDateTime));

    public static async Task<NoContent> RevokeMyScheduleFeedAsync(int id, ClaimsPrincipal user, OnCallFeeds feeds, CancellationToken ct)
    {
        await feeds.RevokeAsync(Name(user), id, ct);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<PagerState>> MyPagerAsync(ClaimsPrincipal user, OnCallChannels channels, CancellationToken ct) =>
        TypedResults.Ok(new PagerState(await channels.OfAsync(Name(user), ct)));

    public static async Task<Ok<SavedOnCallChannel>> SetMyPagerAsync(PagerRequest request, ClaimsPrincipal user, OnCallChannels channels, CancellationToken ct) =>
        TypedResults.Ok(await channels.SetAsync(Name(user), request.Url, ct));

    public static async Task<Ok<PagerSecret>> ResetMyPagerSecretAsync(ClaimsPrincipal user, OnCallChannels channels, CancellationToken ct) =>
        TypedResults.Ok(new PagerSecret(await channels.ResetSecretAsync(Name(user), ct)));

    public static async Task<NoContent> RemoveMyPagerAsync(ClaimsPrincipal user, OnCallChannels channels, CancellationToken ct)
    {
        await channels.RemoveAsync(Name(user), ct);
        return TypedResults.NoContent();
    }

    /// <summary>The address a calendar app subscribes to, on the host the caller reached.</summary>
    public static string FeedUrl(HttpContext http, string token) => $"{http.Request.Scheme}://{http.Request.Host}{OnCallFeeds.PathPrefix}{token}/calendar.ics";

    private static FeedState State(DateTime? issuedAt) => new(issuedAt is not null, issuedAt);

    public static async Task<Ok<IReadOnlyList<OnCallScheduleView>>> ListSchedulesAsync(string? group, OnCallSchedules schedules, CancellationToken ct) =>
        TypedResults.Ok(await schedules.ListAsync(group, ct));

    public static async Task<Ok<OnCallScheduleView>> GetScheduleAsync(int id, OnCallSchedules schedules, CancellationToken ct) =>
        TypedResults.Ok(OnCallSchedules.ToView(await schedules.FindAsync(id, ct)));

    public static async Task<Created<OnCallScheduleView>> CreateScheduleAsync(NewOnCallSchedule request, ClaimsPrincipal user, OnCallSchedules schedules, CancellationToken ct)
    {
        if (request.GroupKey is { } group && !await schedules.CanEditAsync(group.Trim(), Name(user), user.IsInRole(Roles.Admin), ct))
        {
            throw new OnCallForbiddenException($"Only an admin or the manager of {group} may plan its on-call schedule.");
        }

        var schedule = await schedules.CreateAsync(request, Name(user), ct);
        return TypedResults.Created($"/api/escalations/schedules/{schedule.Id}", OnCallSchedules.ToView(schedule));
    }

    public static async Task<Created<OnCallScheduleView>> AddOverrideAsync(int id, NewOnCallOverride request, ClaimsPrincipal user, OnCallSchedules schedules, CancellationToken ct)
    {
        await schedules.EnsureCanEditAsync(id, Name(user), user.IsInRole(Roles.Admin), ct);
        await schedules.AddOverrideAsync(id, request, Name(user), ct);
        return TypedResults.Created($"/api/escalations/schedules/{id}", OnCallSchedules.ToView(await schedules.FindAsync(id, ct)));
    }

    public static async Task<Ok<OnCallScheduleView>> UpdateScheduleAsync(int id, NewOnCallSchedule request, ClaimsPrincipal user, OnCallSchedules schedules, CancellationToken ct)
    {
        await schedules.EnsureCanEditAsync(id, Name(user), user.IsInRole(Roles.Admin), ct);
        return TypedResults.Ok(OnCallSchedules.ToView(await schedules.UpdateAsync(id, request, ct)));
    }

    public static async Task<NoContent> RemoveOverrideAsync(int id, int overrideId, ClaimsPrincipal user, OnCallSchedules schedules, CancellationToken ct)
    {
        await schedules.EnsureCanEditAsync(id, Name(user), user.IsInRole(Roles.Admin), ct);
        await schedules.RemoveOverrideAsync(id, overrideId, ct);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<IReadOnlyList<OnCallSwapView>>> ListSwapsAsync(int id, OnCallSchedules schedules, OnCallSwaps swaps, CancellationToken ct)
    {
        await schedules.FindAsync(id, ct);
        return TypedResults.Ok(await swaps.OfScheduleAsync(id, ct));
    }

    public static async Task<Created<OnCallSwapView>> RequestSwapAsync(int id, NewOnCallSwap request, ClaimsPrincipal user, OnCallSwaps swaps, CancellationToken ct) =>
        TypedResults.Created($"/api/escalations/schedules/{id}/swaps", OnCallSwaps.ToView(await swaps.RequestAsync(id, request, Name(user), ct)));

    public static async Task<Ok<OnCallSwapView>> AcceptSwapAsync(int id, int swapId, ClaimsPrincipal user, OnCallSwaps swaps, CancellationToken ct) =>
        TypedResults.Ok(OnCallSwaps.ToView(await swaps.AcceptAsync(id, swapId, Name(user), ct)));

    public static async Task<Ok<OnCallSwapView>> DeclineSwapAsync(int id, int swapId, ClaimsPrincipal user, OnCallSwaps swaps, CancellationToken ct) =>
        TypedResults.Ok(OnCallSwaps.ToView(await swaps.DeclineAsync(id, swapId, Name(user), ct)));

    public static async Task<IResult> PersonFeedAsync(
        string userName, OnCallSchedules schedules, Microsoft.AspNetCore.Identity.UserManager<DirectoryUser> users, TimeProvider time, CancellationToken ct)
    {
        // An unknown name is a mistyped address, not a person who is never on call.
        _ = await users.FindByNameAsync(userName) ?? throw new WorkflowItsm.Itsm.Records.RecordNotFoundException($"No person {userName}.");
        return await PersonCalendarAsync(userName, schedules, time, ct);
    }

    private static async Task<ContentHttpResult> PersonCalendarAsync(string userName, OnCallSchedules schedules, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var feed = new Calendar();
        feed.AddProperty("X-WR-CALNAME", $"On call: {userName}");
        foreach (var shift in await schedules.PersonShiftsAsync(userName, now.AddDays(-30), now.AddDays(90), ct))
        {
            feed.Events.Add(new CalendarEvent
            {
                Uid = $"oncall-{shift.ScheduleId}-{shift.Layer}-{userName}-{shift.StartsAt:yyyyMMddHHmm}@workflowitsm",
                Summary = $"On call ({shift.LayerLabel.ToLowerInvariant()}): {shift.ScheduleName}{(shift.IsOverride ? ", override" : "")}",
                DtStart = new CalDateTime(shift.StartsAt, "UTC"),
                DtEnd = new CalDateTime(shift.EndsAt, "UTC"),
                Description = $"Group {shift.GroupKey}",
            });
        }

        return TypedResults.Text(new CalendarSerializer().SerializeToString(feed) ?? string.Empty, "text/calendar; charset=utf-8");
    }

    public static async Task<Ok<EscalationPolicyView>> GetPolicyAsync(int id, EscalationPolicies policies, CancellationToken ct) =>
        TypedResults.Ok(EscalationPolicies.ToView(await policies.FindAsync(id, ct)));

    public static async Task<Ok<EscalationPolicyView>> UpdatePolicyAsync(int id, PolicyUpdate request, EscalationPolicies policies, CancellationToken ct) =>
        TypedResults.Ok(EscalationPolicies.ToView(await policies.UpdateAsync(id, request.ToPolicy(), request.IsActive ?? true, ct)));

    public static async Task<Ok<EscalationReport>> EscalationReportAsync(DateTime from, DateTime to, EscalationReports reports, CancellationToken ct) =>
        TypedResults.Ok(await reports.EscalationsAsync(from.ToUniversalTime(), to.ToUniversalTime(), ct));

    public static async Task<Ok<IReadOnlyList<OnCallLoadRow>>> OnCallLoadAsync(DateTime from, DateTime to, string? group, EscalationReports reports, CancellationToken ct) =>
        TypedResults.Ok(await reports.OnCallLoadAsync(from.ToUniversalTime(), to.ToUniversalTime(), group, ct));

    public static async Task<Ok<OnCallAnswer>> WhoOnScheduleAsync(int id, OnCallLayerKind? layer, DateTime? at, OnCallSchedules schedules, CancellationToken ct) =>
        TypedResults.Ok(await schedules.WhoAsync(id, layer ?? OnCallLayerKind.Primary, at?.ToUniversalTime(), ct));

    public static async Task<Ok<OnCallAnswer>> WhoForGroupAsync(string group, OnCallLayerKind? layer, DateTime? at, OnCallSchedules schedules, CancellationToken ct) =>
        TypedResults.Ok(await schedules.WhoForGroupAsync(group, layer ?? OnCallLayerKind.Primary, at?.ToUniversalTime(), ct));

    public static async Task<IResult> CalendarFeedAsync(int id, OnCallSchedules schedules, TimeProvider time, CancellationToken ct) =>
        ScheduleCalendar(await schedules.FindAsync(id, ct), time);

    private static ContentHttpResult ScheduleCalendar(OnCallSchedule schedule, TimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var feed = new Calendar();
        feed.AddProperty("X-WR-CALNAME", $"On call: {schedule.Name}");
        foreach (var entry in OnCallSchedules.Calendar(schedule, now.AddDays(-30), now.AddDays(90)))
        {
            feed.Events.Add(new CalendarEvent
            {
                Uid = $"oncall-{schedule.Id}-{entry.Layer}-{entry.StartsAt:yyyyMMddHHmm}{(entry.IsOverride ? "-override" : "")}@workflowitsm",
                Summary = $"{entry.UserName} on call ({entry.LayerLabel.ToLowerInvariant()}){(entry.IsOverride ? ", override" : "")}",
                DtStart = new CalDateTime(entry.StartsAt, "UTC"),
                DtEnd = new CalDateTime(entry.EndsAt, "UTC"),
                Description = entry.Note,
            });
        }

        return TypedResults.Text(new CalendarSerializer().SerializeToString(feed) ?? string.Empty, "text/calendar; charset=utf-8");
    }

    public static async Task<NoContent> SetManagerAsync(string group, ManagerRequest request, EscalationPolicies policies, CancellationToken ct)
    {
        await policies.SetManagerAsync(group, request.UserName, ct);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<IReadOnlyList<EscalationPolicyView>>> ListPoliciesAsync(EscalationPolicies policies, CancellationToken ct) =>
        TypedResults.Ok(await policies.ListAsync(ct));

    public static async Task<Created<EscalationPolicyView>> CreatePolicyAsync(NewEscalationPolicy request, ClaimsPrincipal user, EscalationPolicies policies, CancellationToken ct)
    {
        var policy = await policies.CreateAsync(request, Name(user), ct);
        return TypedResults.Created("/api/escalations/policies", EscalationPolicies.ToView(policy));
    }

    public static async Task<Ok<RecordEscalations>> OfRecordAsync(string number, EscalationService escalations, ManualEscalations manual, Itsm.Records.RecordStore store, CancellationToken ct)
    {
        await store.EnsureExistsAsync(number, ct);
        return TypedResults.Ok(new RecordEscalations(number, await escalations.OfRecordAsync(number, ct), await manual.OfRecordAsync(number, ct), await manual.LevelAsync(number, ct)));
    }

    public static async Task<Ok<EscalationView>> AcknowledgeAsync(string number, ClaimsPrincipal user, EscalationService escalations, CancellationToken ct)
    {
        var escalation = await escalations.AcknowledgeRecordAsync(number, Name(user), ct);
        return TypedResults.Ok((await escalations.OfRecordAsync(number, ct)).First(e => e.Id == escalation.Id));
    }

    public static async Task<Results<Ok<EscalationView>, ProblemHttpResult>> AcknowledgeByLinkAsync(string token, ClaimsPrincipal user, EscalationService escalations, CancellationToken ct)
    {
        try
        {
            var escalation = await escalations.AcknowledgeByLinkAsync(token, Name(user), ct);
            return TypedResults.Ok((await escalations.OfRecordAsync(escalation.RecordNumber, ct)).First(e => e.Id == escalation.Id));
        }
        catch (EscalationLinkRefusedException refused)
        {
            return refused.Refusal == EscalationLinkRefusal.OtherPerson
                ? TypedResults.Problem(title: "Not your link", detail: refused.Message, statusCode: StatusCodes.Status403Forbidden)
                : ApiProblems.NotFound(refused.Message);
        }
    }

    public static async Task<Ok<ManualEscalationView>> FunctionalAsync(string number, FunctionalRequest request, ClaimsPrincipal user, ManualEscalations manual, CancellationToken ct) =>
        TypedResults.Ok(View(await manual.FunctionalAsync(number, request.ToGroup, request.Reason, Name(user), ct)));

    public static async Task<Ok<ManualEscalationView>> HierarchicalAsync(string number, ReasonRequest request, ClaimsPrincipal user, ManualEscalations manual, CancellationToken ct) =>
        TypedResults.Ok(View(await manual.HierarchicalAsync(number, request.Reason, Name(user), ct)));

    public static async Task<Ok<ManualEscalationView>> DeEscalateAsync(string number, ReasonRequest request, ClaimsPrincipal user, ManualEscalations manual, CancellationToken ct) =>
        TypedResults.Ok(View(await manual.DeEscalateAsync(number, request.Reason, Name(user), ct)));

    private static ManualEscalationView View(ManualEscalation m) => new(m.Id, m.Kind, EscalationLabels.Manual(m.Kind), m.FromGroup, m.ToGroup, m.Manager, m.Reason, m.By, m.At);

    private static string Name(ClaimsPrincipal user) => user.Identity?.Name ?? string.Empty;
}
