using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.ServiceLevels;
using WorkflowItsm.Web.Account;

namespace WorkflowItsm.Web.Api;

/// <summary>SLA clocks of an incident (staff, and the caller for their own), SLA definitions and business calendars (admins change them).</summary>
internal static class ServiceLevelsApi
{
    public static RouteGroupBuilder MapServiceLevelsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/incidents/{number}/sla", GetIncidentClocksAsync)
            .WithTags("Service levels")
            .WithName("GetIncidentSlaClocks")
            .WithSummary("The incident's SLA clocks: business time used and left, due and breach moments, and each clock's timeline")
            .ProducesProblems(StatusCodes.Status404NotFound);

        api.MapGet("/reports/service-levels", GetReportAsync)
            .RequireAuthorization(Policies.WorkTasks)
            .WithTags("Service levels")
            .WithName("GetServiceLevelReport")
            .WithSummary("SLA compliance by priority, group, service and kind, time to resolve by priority, backlog by age and daily volume, for incidents opened from..to (default: the last 30 days)")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        var definitions = api.MapGroup("/sla-definitions").WithTags("Service levels");
        definitions.MapGet("/", ListDefinitionsAsync)
            .RequireAuthorization(Policies.WorkTasks)
            .WithName("ListSlaDefinitions")
            .WithSummary("SLA definitions: conditions, targets, calendars, pause reasons, warnings, breach process");
        definitions.MapPost("/", CreateDefinitionAsync)
            .RequireAuthorization(AdminsOnly)
            .WithName("CreateSlaDefinition")
            .WithSummary("Add an SLA definition (admins); 400 names each invalid field. Covers incidents changed from now on.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        definitions.MapPut("/{id:int}", UpdateDefinitionAsync)
            .RequireAuthorization(AdminsOnly)
            .WithName("UpdateSlaDefinition")
            .WithSummary("Change an SLA definition (admins)")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        definitions.MapDelete("/{id:int}", RemoveDefinitionAsync)
            .RequireAuthorization(AdminsOnly)
            .WithName("RemoveSlaDefinition")
            .WithSummary("Remove an SLA definition no clock was started from (admins); one in use is 409 (switch it off instead)")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        var calendars = api.MapGroup("/calendars").WithTags("Service levels").RequireAuthorization(Policies.WorkTasks);
        calendars.MapGet("/", ListCalendarsAsync)
            .WithName("ListBusinessCalendars")
            .WithSummary("Business-hours calendars with their time zones, hours and holidays");
        calendars.MapGet("/{key}", GetCalendarAsync)
            .WithName("GetBusinessCalendar")
            .WithSummary("One calendar")
            .ProducesProblems(StatusCodes.Status404NotFound);
        calendars.MapPut("/{key}", SaveCalendarAsync)
            .RequireAuthorization(AdminsOnly)
            .WithName("SaveBusinessCalendar")
            .WithSummary("Create or change a calendar (admins); open SLA clocks on it are recalculated, keeping the time already counted, and their incidents' tasks are due at the new targets. With revision, a stale write is 409.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        calendars.MapPost("/{key}/holidays", ImportHolidaysAsync)
            .RequireAuthorization(AdminsOnly)
            .Accepts<string>("text/calendar")
            .WithName("ImportHolidays")
            .WithSummary("Add the holidays of an iCalendar file (text/calendar) for firstYear..lastYear (default: this year and the next two); 400 names the line of a malformed file")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<Results<Ok<IReadOnlyList<SlaClockView>>, ProblemHttpResult>> GetIncidentClocksAsync(
        string number, ClaimsPrincipal user, IncidentQueries queries, SlaAdministration slas, CancellationToken ct) =>
        await queries.IdentifyAsync(number, ct) is { } found && (Policies.IsStaff(user) || found.Caller == user.Identity?.Name)
            ? TypedResults.Ok(await slas.ClocksOfAsync(found.Id, ct))
            : ApiProblems.NotFound($"No incident '{number}'.");

    public static async Task<Ok<ServiceLevelReport>> GetReportAsync(DateTime? from, DateTime? to, ServiceLevelReports reports, TimeProvider time, CancellationToken ct)
    {
        var until = (to ?? time.GetUtcNow().UtcDateTime.Date.AddDays(1)).ToUniversalTime();
        var since = (from ?? until.AddDays(-30)).ToUniversalTime();
        return TypedResults.Ok(await reports.BuildAsync(since, until, ct));
    }

    public static async Task<Ok<IReadOnlyList<SlaDefinition>>> ListDefinitionsAsync(SlaDefinitions all, CancellationToken ct) => TypedResults.Ok(await all.ListAsync(ct));

    public static async Task<Created<SlaDefinition>> CreateDefinitionAsync(SlaDefinition definition, SlaAdministration slas, CancellationToken ct) =>
        TypedResults.Created("/api/sla-definitions", await slas.SaveDefinitionAsync(null, definition, ct));

    public static async Task<Ok<SlaDefinition>> UpdateDefinitionAsync(int id, SlaDefinition definition, SlaAdministration slas, CancellationToken ct) =>
        TypedResults.Ok(await slas.SaveDefinitionAsync(id, definition, ct));

    public static async Task<NoContent> RemoveDefinitionAsync(int id, SlaAdministration slas, CancellationToken ct)
    {
        await slas.RemoveDefinitionAsync(id, ct);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<IReadOnlyList<CalendarView>>> ListCalendarsAsync(BusinessCalendars all, CancellationToken ct) => TypedResults.Ok(await all.ListAsync(ct));

    public static async Task<Results<Ok<CalendarView>, ProblemHttpResult>> GetCalendarAsync(string key, BusinessCalendars all, CancellationToken ct) =>
        await all.GetViewAsync(key, ct) is { } calendar ? TypedResults.Ok(calendar) : ApiProblems.NotFound($"No calendar '{key}'.");

    public static async Task<Ok<CalendarSaved>> SaveCalendarAsync(string key, CalendarInput input, ClaimsPrincipal user, SlaAdministration slas, CancellationToken ct) =>
        TypedResults.Ok(await slas.SaveCalendarAsync(key, input, user.Identity?.Name ?? "", ct));

    public static async Task<Ok<CalendarSaved>> ImportHolidaysAsync(string key, HttpRequest request, int? firstYear, int? lastYear, ClaimsPrincipal user,
        SlaAdministration slas, TimeProvider time, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(ct);
        var year = time.GetUtcNow().Year;
        return TypedResults.Ok(await slas.ImportHolidaysAsync(key, text, firstYear ?? year, lastYear ?? year + 2, user.Identity?.Name ?? "", ct));
    }

    private static void AdminsOnly(Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder policy) => policy.RequireRole(Roles.Admin);
}
