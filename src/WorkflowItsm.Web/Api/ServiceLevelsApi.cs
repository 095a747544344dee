using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
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
        api.MapGet("/incidents/{number}/sla", async (string number, ClaimsPrincipal user, IncidentQueries queries, SlaAdministration slas, CancellationToken ct) =>
                await queries.IdentifyAsync(number, ct) is { } found && (Policies.IsStaff(user) || found.Caller == user.Identity?.Name)
                    ? Results.Ok(await slas.ClocksOfAsync(found.Id, ct))
                    : RuntimeProblems.NotFound($"No incident '{number}'."))
            .WithTags("Service levels")
            .WithName("GetIncidentSlaClocks")
            .WithSummary("The incident's SLA clocks: business time used and left, due and breach moments, and each clock's timeline");

        api.MapGet("/reports/service-levels", (DateTime? from, DateTime? to, ServiceLevelReports reports, TimeProvider time, CancellationToken ct) =>
                HandleAsync(async () =>
                {
                    var until = (to ?? time.GetUtcNow().UtcDateTime.Date.AddDays(1)).ToUniversalTime();
                    var since = (from ?? until.AddDays(-30)).ToUniversalTime();
                    try
                    {
                        return TypedResults.Ok(await reports.BuildAsync(since, until, ct));
                    }
                    catch (ArgumentException invalid)
                    {
                        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = [invalid.Message] });
                    }
                }))
            .RequireAuthorization(Policies.WorkTasks)
            .WithTags("Service levels")
            .WithName("GetServiceLevelReport")
            .WithSummary("SLA compliance by priority, group, service and kind, time to resolve by priority, backlog by age and daily volume, for incidents opened from..to (default: the last 30 days)");

        var definitions = api.MapGroup("/sla-definitions").WithTags("Service levels");
        definitions.MapGet("/", (SlaDefinitions all, CancellationToken ct) => all.ListAsync(ct))
            .RequireAuthorization(Policies.WorkTasks)
            .WithName("ListSlaDefinitions")
            .WithSummary("SLA definitions: conditions, targets, calendars, pause reasons, warnings, breach process");
        definitions.MapPost("/", (SlaDefinition definition, SlaAdministration slas, CancellationToken ct) =>
                HandleAsync(async () => TypedResults.Created("/api/sla-definitions", await slas.SaveDefinitionAsync(null, definition, ct))))
            .RequireAuthorization(AdminsOnly)
            .WithName("CreateSlaDefinition")
            .WithSummary("Add an SLA definition (admins); 400 names each invalid field. Covers incidents changed from now on.");
        definitions.MapPut("/{id:int}", (int id, SlaDefinition definition, SlaAdministration slas, CancellationToken ct) =>
                HandleAsync(async () => TypedResults.Ok(await slas.SaveDefinitionAsync(id, definition, ct))))
            .RequireAuthorization(AdminsOnly)
            .WithName("UpdateSlaDefinition")
            .WithSummary("Change an SLA definition (admins)");

        var calendars = api.MapGroup("/calendars").WithTags("Service levels").RequireAuthorization(Policies.WorkTasks);
        calendars.MapGet("/", (BusinessCalendars all, CancellationToken ct) => all.ListAsync(ct))
            .WithName("ListBusinessCalendars")
            .WithSummary("Business-hours calendars with their time zones, hours and holidays");
        calendars.MapGet("/{key}", async (string key, BusinessCalendars all, CancellationToken ct) =>
                await all.GetViewAsync(key, ct) is { } calendar ? Results.Ok(calendar) : RuntimeProblems.NotFound($"No calendar '{key}'."))
            .WithName("GetBusinessCalendar")
            .WithSummary("One calendar");
        calendars.MapPut("/{key}", (string key, CalendarInput input, ClaimsPrincipal user, SlaAdministration slas, CancellationToken ct) =>
                HandleAsync(async () => TypedResults.Ok(await slas.SaveCalendarAsync(key, input, user.Identity?.Name ?? "", ct))))
            .RequireAuthorization(AdminsOnly)
            .WithName("SaveBusinessCalendar")
            .WithSummary("Create or change a calendar (admins); open SLA clocks on it are recalculated, keeping the time already counted, and their incidents' tasks are due at the new targets. With revision, a stale write is 409.");
        calendars.MapPost("/{key}/holidays", (string key, HttpRequest request, int? firstYear, int? lastYear, ClaimsPrincipal user, SlaAdministration slas, TimeProvider time,
                CancellationToken ct) =>
                HandleAsync(async () =>
                {
                    using var reader = new StreamReader(request.Body);
                    var text = await reader.ReadToEndAsync(ct);
                    var year = time.GetUtcNow().Year;
                    return TypedResults.Ok(await slas.ImportHolidaysAsync(key, text, firstYear ?? year, lastYear ?? year + 2, user.Identity?.Name ?? "", ct));
                }))
            .RequireAuthorization(AdminsOnly)
            .Accepts<string>("text/calendar")
            .WithName("ImportHolidays")
            .WithSummary("Add the holidays of an iCalendar file (text/calendar) for firstYear..lastYear (default: this year and the next two); 400 names the line of a malformed file");
        return api;
    }

    private static void AdminsOnly(Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder policy) => policy.RequireRole(Roles.Admin);

    private static async Task<IResult> HandleAsync(Func<Task<IResult>> action)
    {
        try
        {
            return await RecordProblems.HandleAsync(action);
        }
        catch (FormatException malformed)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["ical"] = [malformed.Message] });
        }
        catch (KeyNotFoundException missing)
        {
            return RuntimeProblems.NotFound(missing.Message);
        }
        catch (DbUpdateConcurrencyException stale)
        {
            return TypedResults.Problem(title: "Conflict", detail: stale.Message, statusCode: StatusCodes.Status409Conflict);
        }
    }
}
