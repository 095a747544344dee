using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Escalations;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Web.Tests.Escalations;

/// <summary>
/// Escalations and on-call through the API (issue 22): a schedule and "who is on call", its iCal feed, the bad input
/// list (400 naming the field, 409 for acknowledging twice), acknowledging from the email link once and for that
/// person only, and manual escalation.
/// </summary>
public sealed class EscalationsApiTests(EscalationsApiTests.Setup shared) : IClassFixture<EscalationsApiTests.Setup>
{
    private const string Password = "Oncall-Pass-1!";
    private const string Group = "service-desk-l2";

    public sealed class Setup : SharedHost
    {
        public HttpClient Olga { get; private set; } = null!;
        public HttpClient Oscar { get; private set; } = null!;
        public HttpClient Admin { get; private set; } = null!;
        public HttpClient Requester { get; private set; } = null!;

        public override async ValueTask InitializeAsync()
        {
            await CreatePersonAsync("olga", Password, Roles.Agent, Group);
            await CreatePersonAsync("oscar", Password, Roles.Agent, Group);
            await CreatePersonAsync("rhea", Password, Roles.Requester);
            Olga = await SignInAsync("olga", Password);
            Oscar = await SignInAsync("oscar", Password);
            Admin = await SignInAsync();
            Requester = await SignInAsync("rhea", Password);
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

    private static object Layer(string layer, string rotation, params string[] members) => new
    {
        layer, rotation, handoffDay = "Monday", handoffTime = "09:00:00", startDate = "2026-03-02", members,
    };

    private async Task<int> ScheduleAsync(string name, object[] layers)
    {
        using var created = await shared.Olga.PostAsJsonAsync("/api/escalations/schedules", new { groupKey = Group, name, timeZone = "Europe/Berlin", layers }, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        return (await ReadAsync(created)).GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task A_schedule_answers_who_is_on_call_across_the_DST_change_and_serves_its_iCal_feed()
    {
        var id = await ScheduleAsync("Second line weekly", [Layer("Primary", "Weekly", "olga", "oscar"), Layer("Secondary", "Daily", "oscar")]);

        async Task<JsonElement> Who(string at, string layer = "Primary")
        {
            using var response = await shared.Olga.GetAsync($"/api/escalations/schedules/{id}/on-call?layer={layer}&at={Uri.EscapeDataString(at)}", Ct);
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
            return await ReadAsync(response);
        }

        // Weeks: 2 March olga, 9 oscar, 16 olga, 23 oscar, 30 March (09:00 CEST = 07:00Z) olga.
        (await Who("2026-03-30T06:59:00Z")).GetProperty("userName").GetString().Should().Be("oscar");
        var after = await Who("2026-03-30T07:00:00Z");
        after.GetProperty("userName").GetString().Should().Be("olga");
        after.GetProperty("layerLabel").GetString().Should().Be("Primary");
        (await Who("2026-03-30T07:00:00Z", "Secondary")).GetProperty("userName").GetString().Should().Be("oscar");

        using var feed = await shared.Olga.GetAsync($"/api/escalations/schedules/{id}/calendar.ics", Ct);
        feed.StatusCode.Should().Be(HttpStatusCode.OK);
        feed.Content.Headers.ContentType!.MediaType.Should().Be("text/calendar");
        var ics = await feed.Content.ReadAsStringAsync(Ct);
        ics.Should().Contain("BEGIN:VEVENT").And.Contain("on call (primary)").And.Contain("oscar on call (secondary)");

        using var requester = await shared.Requester.GetAsync($"/api/escalations/schedules/{id}", Ct);
        requester.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Bad_input_is_refused_naming_the_field_and_nothing_is_stored()
    {
        using var empty = await shared.Olga.PostAsJsonAsync("/api/escalations/schedules",
            new { groupKey = Group, name = "Nobody", timeZone = "Europe/Berlin", layers = new[] { Layer("Primary", "Weekly") } }, Ct);
        empty.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadAsync(empty)).GetProperty("errors").TryGetProperty("layers[0].members", out _).Should().BeTrue();

        var id = await ScheduleAsync("For overrides", [Layer("Primary", "Weekly", "olga")]);
        using var backwards = await shared.Olga.PostAsJsonAsync($"/api/escalations/schedules/{id}/overrides",
            new { layer = "Primary", userName = "oscar", startsAt = "2026-03-11T12:00:00Z", endsAt = "2026-03-10T12:00:00Z" }, Ct);
        backwards.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadAsync(backwards)).GetProperty("errors").TryGetProperty("endsAt", out _).Should().BeTrue();

        using var policy = await shared.Admin.PostAsJsonAsync("/api/escalations/policies", new
        {
            name = "Broken", priority = 2,
            levels = new object[] { new { timeoutMinutes = 0, targets = new[] { new { kind = "Person", userName = "olga" } } }, new { timeoutMinutes = 5, targets = Array.Empty<object>() } },
        }, Ct);
        policy.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await ReadAsync(policy)).GetProperty("errors");
        errors.TryGetProperty("levels[0].timeoutMinutes", out _).Should().BeTrue();
        errors.TryGetProperty("levels[1].targets", out _).Should().BeTrue();

        await using var scope = shared.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        (await db.Set<OnCallSchedule>().CountAsync(s => s.Name == "Nobody", Ct)).Should().Be(0);
        (await db.Set<OnCallOverride>().CountAsync(o => o.ScheduleId == id, Ct)).Should().Be(0);
        (await db.Set<EscalationPolicy>().CountAsync(p => p.Name == "Broken", Ct)).Should().Be(0);
    }

    [Fact]
    public async Task The_email_link_acknowledges_once_for_its_person_only_and_a_second_acknowledgement_is_409()
    {
        var schedule = await ScheduleAsync("Olga always", [new { layer = "Primary", rotation = "Daily", handoffTime = "09:00:00", startDate = "2026-01-01", members = new[] { "olga" } }]);
        int sla;
        string number;
        await using (var scope = shared.Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
            sla = await db.SlaDefinitions.OrderBy(d => d.Id).Select(d => d.Id).FirstAsync(Ct);
            using var policy = await shared.Admin.PostAsJsonAsync("/api/escalations/policies", new
            {
                name = "Olga first", slaDefinitionId = sla,
                levels = new[] { new { timeoutMinutes = 5, targets = new[] { new { kind = "OnCall", scheduleId = schedule, layer = "Primary" } } } },
            }, Ct);
            policy.StatusCode.Should().Be(HttpStatusCode.Created, await policy.Content.ReadAsStringAsync(Ct));
            number = (await scope.ServiceProvider.GetRequiredService<IncidentService>().CreateAsync(
                new NewIncident { ShortDescription = "Printer queue stuck", Impact = 3, Urgency = 3, AssignmentGroup = Group }, "olga", Ct)).Number;
            (await scope.ServiceProvider.GetRequiredService<EscalationService>().StartAsync(number, EscalationTrigger.SlaBreach, sla, "Resolution", Ct)).Should().NotBeNull();
        }

        string link;
        await using (var scope = shared.Host.Services.CreateAsyncScope())
        {
            link = await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().Notifications
                .Where(n => n.Recipient == "olga" && n.Link!.StartsWith(EscalationService.LinkPrefix)).Select(n => n.Link!).SingleAsync(Ct);
        }

        var token = link[EscalationService.LinkPrefix.Length..];
        using (var other = await shared.Oscar.PostAsync($"/api/escalations/links/{token}/acknowledge", null, Ct))
        {
            other.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        using (var own = await shared.Olga.PostAsync($"/api/escalations/links/{token}/acknowledge", null, Ct))
        {
            own.StatusCode.Should().Be(HttpStatusCode.OK, await own.Content.ReadAsStringAsync(Ct));
            var view = await ReadAsync(own);
            view.GetProperty("stateLabel").GetString().Should().Be("Acknowledged");
            view.GetProperty("acknowledgedBy").GetString().Should().Be("olga");
        }

        using (var again = await shared.Olga.PostAsync($"/api/escalations/links/{token}/acknowledge", null, Ct))
        {
            again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        }

        using (var twice = await shared.Oscar.PostAsync($"/api/escalations/records/{number}/acknowledge", null, Ct))
        {
            twice.StatusCode.Should().Be(HttpStatusCode.Conflict);
            (await ReadAsync(twice)).GetProperty("detail").GetString().Should().Contain("acknowledged already by olga");
        }
    }

    [Fact]
    public async Task A_functional_escalation_reassigns_with_its_reason_and_shows_in_the_records_escalations()
    {
        string number;
        await using (var scope = shared.Host.Services.CreateAsyncScope())
        {
            number = (await scope.ServiceProvider.GetRequiredService<IncidentService>().CreateAsync(
                new NewIncident { ShortDescription = "VPN drops", Impact = 2, Urgency = 2, AssignmentGroup = "service-desk" }, "olga", Ct)).Number;
        }

        using (var noReason = await shared.Olga.PostAsJsonAsync($"/api/escalations/records/{number}/functional", new { toGroup = Group }, Ct))
        {
            noReason.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await ReadAsync(noReason)).GetProperty("errors").TryGetProperty("reason", out _).Should().BeTrue();
        }

        using (var moved = await shared.Olga.PostAsJsonAsync($"/api/escalations/records/{number}/functional", new { toGroup = Group, reason = "Needs second line" }, Ct))
        {
            moved.StatusCode.Should().Be(HttpStatusCode.OK, await moved.Content.ReadAsStringAsync(Ct));
            (await ReadAsync(moved)).GetProperty("kindLabel").GetString().Should().Be("Functional escalation");
        }

        using var incident = await shared.Olga.GetAsync($"/api/incidents/{number}", Ct);
        (await incident.Content.ReadAsStringAsync(Ct)).Should().Contain(Group);
        using var record = await shared.Olga.GetAsync($"/api/escalations/records/{number}", Ct);
        var manual = (await ReadAsync(record)).GetProperty("manual");
        manual.GetArrayLength().Should().Be(1);
        manual[0].GetProperty("reason").GetString().Should().Be("Needs second line");

        using var deEscalate = await shared.Olga.PostAsJsonAsync($"/api/escalations/records/{number}/de-escalate", new { reason = "Nothing to undo" }, Ct);
        deEscalate.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }
}
