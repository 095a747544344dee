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
            // Olga plans the group's schedules (admins and the group's manager do); Oscar reads them.
            using var manager = await Admin.PutAsJsonAsync($"/api/escalations/groups/{Group}/manager", new { userName = "olga" });
            manager.EnsureSuccessStatusCode();
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

    [Fact]
    public async Task Only_an_admin_or_the_groups_manager_changes_a_schedule_and_the_other_staff_read_it()
    {
        var id = await ScheduleAsync("Planned by olga", [Layer("Primary", "Weekly", "olga", "oscar")]);
        var change = new { name = "Planned by olga, daily", timeZone = "Europe/Berlin", layers = new[] { new { layer = "Primary", rotation = "Daily", handoffTime = "08:00:00", startDate = "2026-03-02", members = new[] { "oscar", "olga" } } } };

        using (var oscar = await shared.Oscar.PutAsJsonAsync($"/api/escalations/schedules/{id}", change, Ct))
        {
            oscar.StatusCode.Should().Be(HttpStatusCode.Forbidden);
            (await ReadAsync(oscar)).GetProperty("detail").GetString().Should().Contain("manager of service-desk-l2");
        }

        using (var oscarCreates = await shared.Oscar.PostAsJsonAsync("/api/escalations/schedules", new { groupKey = Group, name = "Oscar's own", timeZone = "Europe/Berlin", layers = new[] { Layer("Primary", "Weekly", "oscar") } }, Ct))
        {
            oscarCreates.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        using (var olga = await shared.Olga.PutAsJsonAsync($"/api/escalations/schedules/{id}", change, Ct))
        {
            olga.StatusCode.Should().Be(HttpStatusCode.OK, await olga.Content.ReadAsStringAsync(Ct));
            var layer = (await ReadAsync(olga)).GetProperty("layers")[0];
            layer.GetProperty("rotation").GetString().Should().Be("Daily");
            layer.GetProperty("members").EnumerateArray().Select(m => m.GetString()).Should().Equal("oscar", "olga");
        }

        using var added = await shared.Olga.PostAsJsonAsync($"/api/escalations/schedules/{id}/overrides",
            new { layer = "Primary", userName = "oscar", startsAt = "2026-03-10T12:00:00Z", endsAt = "2026-03-11T12:00:00Z" }, Ct);
        added.StatusCode.Should().Be(HttpStatusCode.Created);
        var overrideId = (await ReadAsync(added)).GetProperty("overrides")[0].GetProperty("id").GetInt32();
        using (var oscarRemoves = await shared.Oscar.DeleteAsync($"/api/escalations/schedules/{id}/overrides/{overrideId}", Ct))
        {
            oscarRemoves.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        using (var olgaRemoves = await shared.Olga.DeleteAsync($"/api/escalations/schedules/{id}/overrides/{overrideId}", Ct))
        {
            olgaRemoves.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        using var read = await shared.Oscar.GetAsync($"/api/escalations/schedules/{id}", Ct);
        (await ReadAsync(read)).GetProperty("overrides").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task A_swap_request_becomes_an_override_when_the_person_asked_accepts_once()
    {
        var id = await ScheduleAsync("Oscar always", [new { layer = "Primary", rotation = "Daily", handoffTime = "09:00:00", startDate = "2026-01-01", members = new[] { "oscar" } }]);
        var span = new { layer = "Primary", userName = "olga", startsAt = "2027-06-01T00:00:00Z", endsAt = "2027-06-02T00:00:00Z", reason = "Moving house" };

        using (var notHers = await shared.Olga.PostAsJsonAsync($"/api/escalations/schedules/{id}/swaps", span with { userName = "oscar" }, Ct))
        {
            notHers.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await ReadAsync(notHers)).GetProperty("errors").TryGetProperty("startsAt", out _).Should().BeTrue();
        }

        using var asked = await shared.Oscar.PostAsJsonAsync($"/api/escalations/schedules/{id}/swaps", span, Ct);
        asked.StatusCode.Should().Be(HttpStatusCode.Created, await asked.Content.ReadAsStringAsync(Ct));
        var swap = await ReadAsync(asked);
        swap.GetProperty("stateLabel").GetString().Should().Be("Waiting for an answer");
        var swapId = swap.GetProperty("id").GetInt32();

        using (var byHimself = await shared.Oscar.PostAsync($"/api/escalations/schedules/{id}/swaps/{swapId}/accept", null, Ct))
        {
            byHimself.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        using (var accepted = await shared.Olga.PostAsync($"/api/escalations/schedules/{id}/swaps/{swapId}/accept", null, Ct))
        {
            accepted.StatusCode.Should().Be(HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync(Ct));
        }

        using (var again = await shared.Olga.PostAsync($"/api/escalations/schedules/{id}/swaps/{swapId}/decline", null, Ct))
        {
            again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        }

        using var who = await shared.Oscar.GetAsync($"/api/escalations/schedules/{id}/on-call?at={Uri.EscapeDataString("2027-06-01T12:00:00Z")}", Ct);
        var answer = await ReadAsync(who);
        answer.GetProperty("userName").GetString().Should().Be("olga");
        answer.GetProperty("isOverride").GetBoolean().Should().BeTrue();
        using var list = await shared.Oscar.GetAsync($"/api/escalations/schedules/{id}/swaps", Ct);
        (await ReadAsync(list))[0].GetProperty("stateLabel").GetString().Should().Be("Accepted");
    }

    [Fact]
    public async Task A_persons_feed_lists_her_shifts_and_the_reports_answer_for_a_period_and_refuse_a_backwards_one()
    {
        await ScheduleAsync("Feed of olga", [new { layer = "Secondary", rotation = "Daily", handoffTime = "09:00:00", startDate = "2026-01-01", members = new[] { "olga" } }]);

        using var feed = await shared.Oscar.GetAsync("/api/escalations/people/olga/calendar.ics", Ct);
        feed.StatusCode.Should().Be(HttpStatusCode.OK);
        feed.Content.Headers.ContentType!.MediaType.Should().Be("text/calendar");
        var ics = await feed.Content.ReadAsStringAsync(Ct);
        ics.Should().Contain("X-WR-CALNAME:On call: olga").And.Contain("On call (secondary): Feed of olga");

        using var report = await shared.Oscar.GetAsync("/api/escalations/reports/escalations?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z", Ct);
        report.StatusCode.Should().Be(HttpStatusCode.OK, await report.Content.ReadAsStringAsync(Ct));
        (await ReadAsync(report)).GetProperty("byGroup").ValueKind.Should().Be(JsonValueKind.Array);

        using var load = await shared.Oscar.GetAsync($"/api/escalations/reports/on-call-load?from=2026-01-05T09:00:00Z&to=2026-01-06T09:00:00Z&group={Group}", Ct);
        load.StatusCode.Should().Be(HttpStatusCode.OK);
        var rows = (await ReadAsync(load)).EnumerateArray().ToList();
        rows.Should().Contain(r => r.GetProperty("userName").GetString() == "olga" && r.GetProperty("secondaryHours").GetDouble() == 24);

        using var backwards = await shared.Oscar.GetAsync("/api/escalations/reports/on-call-load?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", Ct);
        backwards.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadAsync(backwards)).GetProperty("errors").TryGetProperty("to", out _).Should().BeTrue();
    }

    [Fact]
    public async Task An_admin_changes_a_policy_and_switches_it_off_and_nobody_else_may()
    {
        using var created = await shared.Admin.PostAsJsonAsync("/api/escalations/policies", new
        {
            name = "P3 quietly", priority = 3, levels = new[] { new { timeoutMinutes = 30, targets = new[] { new { kind = "Person", userName = "olga" } } } },
        }, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var id = (await ReadAsync(created)).GetProperty("id").GetInt32();
        var change = new
        {
            name = "P3 louder", priority = 3, repeatCount = 2, isActive = false,
            levels = new object[]
            {
                new { timeoutMinutes = 10, targets = new[] { new { kind = "Person", userName = "olga" } } },
                new { timeoutMinutes = 20, targets = new[] { new { kind = "GroupManager", userName = (string?)null } } },
            },
        };

        using (var olga = await shared.Olga.PutAsJsonAsync($"/api/escalations/policies/{id}", change, Ct))
        {
            olga.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        using (var zero = await shared.Admin.PutAsJsonAsync($"/api/escalations/policies/{id}", new { name = "P3", priority = 3, levels = new[] { new { timeoutMinutes = 0, targets = new[] { new { kind = "Person", userName = "olga" } } } } }, Ct))
        {
            zero.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await ReadAsync(zero)).GetProperty("errors").TryGetProperty("levels[0].timeoutMinutes", out _).Should().BeTrue();
        }

        using (var admin = await shared.Admin.PutAsJsonAsync($"/api/escalations/policies/{id}", change, Ct))
        {
            admin.StatusCode.Should().Be(HttpStatusCode.OK, await admin.Content.ReadAsStringAsync(Ct));
        }

        using var read = await shared.Oscar.GetAsync($"/api/escalations/policies/{id}", Ct);
        var policy = await ReadAsync(read);
        policy.GetProperty("name").GetString().Should().Be("P3 louder");
        policy.GetProperty("isActive").GetBoolean().Should().BeFalse();
        policy.GetProperty("repeatCount").GetInt32().Should().Be(2);
        policy.GetProperty("levels").GetArrayLength().Should().Be(2);
        policy.GetProperty("levels")[1].GetProperty("targets")[0].GetProperty("kindLabel").GetString().Should().Be("Group's manager");
    }
}
