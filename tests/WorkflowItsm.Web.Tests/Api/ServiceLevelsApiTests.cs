using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Web.Tests.Api;

/// <summary>
/// How the service-level admin endpoints refuse bad input: 400 problem details naming each field (and what was
/// invalid), 404 for an unknown definition, 409 for a stale calendar revision; nothing is saved then.
/// </summary>
public sealed class ServiceLevelsApiTests : IAsyncLifetime
{
    private const string Password = "Sla-Admin-Pass-1!";
    private readonly WebHostFactory host = new();
    private HttpClient admin = null!;

    public async ValueTask InitializeAsync()
    {
        await host.CreateUserAsync("sla.admin", Password, Roles.Admin);
        admin = await host.SignedInAsync("sla.admin", Password);
    }

    public async ValueTask DisposeAsync()
    {
        admin.Dispose();
        await host.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

    private static object Calendar(string timeZoneId, int? revision) => new
    {
        name = "Lisbon office",
        timeZoneId,
        hours = new[] { new { day = "Monday", start = "09:00", end = "17:00" } },
        holidays = Array.Empty<object>(),
        revision,
    };

    [Fact]
    public async Task An_invalid_calendar_is_a_400_naming_the_field_and_nothing_is_saved()
    {
        using var refused = await admin.PutAsJsonAsync("/api/calendars/lisbon", Calendar("Europe/Atlantis", null), Ct);

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await ReadAsync(refused);
        problem.GetProperty("title").GetString().Should().Be("The calendar is invalid");
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Equal("timeZoneId");
        (await admin.GetAsync("/api/calendars/lisbon", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_stale_calendar_revision_is_a_409_and_keeps_the_newer_change()
    {
        using var created = await admin.PutAsJsonAsync("/api/calendars/lisbon", Calendar("Europe/Lisbon", null), Ct);
        created.StatusCode.Should().Be(HttpStatusCode.OK, await created.Content.ReadAsStringAsync(Ct));
        var revision = (await ReadAsync(created)).GetProperty("calendar").GetProperty("revision").GetInt32();
        using var changed = await admin.PutAsJsonAsync("/api/calendars/lisbon", Calendar("Atlantic/Madeira", revision), Ct);
        changed.StatusCode.Should().Be(HttpStatusCode.OK);

        using var stale = await admin.PutAsJsonAsync("/api/calendars/lisbon", Calendar("Europe/Paris", revision), Ct);

        stale.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await ReadAsync(stale)).GetProperty("detail").GetString().Should().Contain("changed meanwhile");
        (await admin.GetFromJsonAsync<JsonElement>("/api/calendars/lisbon", Ct)).GetProperty("timeZoneId").GetString().Should().Be("Atlantic/Madeira");
    }

    [Fact]
    public async Task An_invalid_SLA_definition_names_every_bad_field_and_an_unknown_one_is_404()
    {
        var definition = new { name = "", kind = "Resolution", targetSeconds = 0, calendarKey = "nowhere", priorities = "1,9", warningPercents = "50,150" };

        using var refused = await admin.PostAsJsonAsync("/api/sla-definitions", definition, Ct);

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await ReadAsync(refused);
        problem.GetProperty("title").GetString().Should().Be("The SLA definition is invalid");
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo("name", "targetSeconds", "calendarKey", "priorities", "warningPercents");

        using var unknown = await admin.PutAsJsonAsync("/api/sla-definitions/9999",
            new { name = "Gold", kind = "Resolution", targetSeconds = 3600, calendarKey = "24x7" }, Ct);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_SLA_definition_messages_lead_with_the_field_label_and_an_unknown_group_is_refused()
    {
        var definition = new { name = "Gold", kind = "Resolution", targetSeconds = 3600, calendarKey = "24x7", assignmentGroup = "nobody-here" };

        using var refused = await admin.PostAsJsonAsync("/api/sla-definitions", definition, Ct);

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadAsync(refused)).GetProperty("errors").GetProperty("assignmentGroup")[0].GetString().Should().Be("Assignment group: there is no group 'nobody-here'.");
    }

    [Fact]
    public async Task An_unused_SLA_definition_is_removed_and_one_that_timed_an_incident_is_a_409()
    {
        using var created = await admin.PostAsJsonAsync("/api/sla-definitions",
            new { name = "Network response in 30 minutes", kind = "Response", targetSeconds = 1800, calendarKey = "24x7", category = "network", order = 1 }, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var id = (await ReadAsync(created)).GetProperty("id").GetInt32();
        using var removed = await admin.DeleteAsync($"/api/sla-definitions/{id}", Ct);
        removed.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await admin.GetFromJsonAsync<JsonElement>("/api/sla-definitions", Ct)).EnumerateArray().Select(d => d.GetProperty("id").GetInt32()).Should().NotContain(id);

        // A new low-priority incident starts the seeded P3–P5 clocks (definitions 5 and 6): they stay.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WorkflowItsm.Itsm.Incidents.IncidentService>()
                .CreateAsync(new WorkflowItsm.Itsm.Incidents.NewIncident { ShortDescription = "Mouse wheel sticks" }, "sla.admin", Ct);
        }

        using var inUse = await admin.DeleteAsync("/api/sla-definitions/5", Ct);
        inUse.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await ReadAsync(inUse)).GetProperty("detail").GetString().Should().Contain("switch it off");
        (await admin.DeleteAsync("/api/sla-definitions/9999", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_malformed_holiday_file_is_a_400_naming_the_line()
    {
        using var body = new StringContent("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:2026-13-45\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", Encoding.UTF8, "text/calendar");

        using var refused = await admin.PostAsync("/api/calendars/business-hours/holidays", body, Ct);

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadAsync(refused)).GetProperty("errors").GetProperty("ical")[0].GetString().Should().Contain("line 3");
    }
}
