using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Web.Tests.Api;

/// <summary>
/// Incidents through the API, driven by the reference workflow workflows/incident-triage.bpmn: numbers, priority
/// matrix, routing, the lifecycle with its 409s and 400s, the caller's confirmation and reopening, audit history,
/// parent and child, and what a requester may see.
/// </summary>
public sealed class IncidentsApiTests : IAsyncLifetime
{
    private const string Password = "Incident-Pass-1!";
    private readonly WebHostFactory host = new();
    private HttpClient agent = null!;
    private HttpClient rita = null!;
    private HttpClient sam = null!;

    public async ValueTask InitializeAsync()
    {
        await host.CreateUserAsync("desk.agent", Password, Roles.Agent);
        await host.CreateUserAsync("rita", Password, Roles.Requester);
        await host.CreateUserAsync("sam", Password, Roles.Requester);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var groups = scope.ServiceProvider.GetRequiredService<DirectoryGroups>();
            await groups.AddMemberAsync("service-desk", "desk.agent", default);
            await groups.AddMemberAsync("service-desk-l2", "desk.agent", default);
        }

        agent = await host.SignedInAsync("desk.agent", Password);
        rita = await host.SignedInAsync("rita", Password);
        sam = await host.SignedInAsync("sam", Password);
    }

    public async ValueTask DisposeAsync()
    {
        agent.Dispose();
        rita.Dispose();
        sam.Dispose();
        await host.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

    private static async Task<JsonElement> IncidentAsync(HttpClient client, string number) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/incidents/{number}", Ct);

    private async Task<JsonElement> OpenTaskAsync(string number)
    {
        var incident = await IncidentAsync(agent, number);
        var instanceId = incident.GetProperty("incident").GetProperty("processInstanceId").GetString();
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        var task = await db.HumanTasks.AsNoTracking().Where(t => t.InstanceId == instanceId && t.Status == WorkflowItsm.Runtime.HumanTasks.HumanTaskStatus.Open)
            .OrderByDescending(t => t.CreatedAt).FirstAsync(Ct);
        return JsonSerializer.SerializeToElement(new { task.Id, task.ElementId, task.Assignee, task.CandidateGroups });
    }

    [Fact]
    public async Task An_incident_runs_its_lifecycle_through_the_workflow_and_the_record_alike()
    {
        // Reported by a requester: numbered, prioritized by the matrix (impact 1 × urgency 2 → 2), routed to second line.
        using var created = await rita.PostAsJsonAsync("/api/incidents",
            new { shortDescription = "VPN drops every 5 minutes", category = "network", impact = 1, urgency = 2, assignmentGroup = "service-desk" }, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var incident = await ReadAsync(created);
        var number = incident.GetProperty("number").GetString()!;
        number.Should().MatchRegex("^INC[0-9]{7}$");
        incident.GetProperty("priority").GetInt32().Should().Be(2);
        incident.GetProperty("caller").GetString().Should().Be("rita");
        incident.GetProperty("assignmentGroup").GetString().Should().Be("service-desk-l2", "requesters do not choose the group; the routing rules do");

        var work = await OpenTaskAsync(number);
        work.GetProperty("ElementId").GetString().Should().Be("ResolveIncident");
        work.GetProperty("CandidateGroups").GetString().Should().Be("service-desk-l2");

        // On hold needs a reason; an illegal move answers 409 with the allowed states.
        using var noReason = await agent.PostAsJsonAsync($"/api/incidents/{number}/transitions", new { state = "OnHold" }, Ct);
        noReason.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadAsync(noReason)).GetProperty("errors").TryGetProperty("onHoldReason", out _).Should().BeTrue();
        (await agent.PostAsJsonAsync($"/api/incidents/{number}/transitions", new { state = "OnHold", onHoldReason = "AwaitingCaller" }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        using var illegal = await agent.PostAsJsonAsync($"/api/incidents/{number}/transitions", new { state = "Closed" }, Ct);
        illegal.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await ReadAsync(illegal)).GetProperty("allowed").EnumerateArray().Select(s => s.GetString()).Should().Equal("InProgress", "Resolved", "Cancelled");
        (await agent.PostAsJsonAsync($"/api/incidents/{number}/transitions", new { state = "InProgress" }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        // The agent resolves through the workflow's task: the record follows, and the caller is asked to confirm.
        (await agent.PostAsJsonAsync($"/api/tasks/{work.GetProperty("Id").GetString()}/complete",
            new { variables = new { resolutionCode = "fixed", resolutionNotes = "Replaced the VPN profile" } }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await IncidentAsync(agent, number)).GetProperty("incident").GetProperty("state").GetString().Should().Be("Resolved");
        var confirm = await OpenTaskAsync(number);
        confirm.GetProperty("ElementId").GetString().Should().Be("ConfirmResolution");
        confirm.GetProperty("Assignee").GetString().Should().Be("rita");

        // The caller reopens it on the record: the workflow goes back to the resolver group.
        (await rita.PostAsJsonAsync($"/api/incidents/{number}/transitions", new { state = "InProgress" }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await OpenTaskAsync(number)).GetProperty("ElementId").GetString().Should().Be("ResolveIncident");

        // Resolved on the record this time: the workflow skips its own resolve step and asks again; the caller closes.
        using var resolved = await agent.PostAsJsonAsync($"/api/incidents/{number}/transitions",
            new { state = "Resolved", resolutionCode = "workaround", resolutionNotes = "Use the backup gateway" }, Ct);
        resolved.StatusCode.Should().Be(HttpStatusCode.OK);
        (await OpenTaskAsync(number)).GetProperty("ElementId").GetString().Should().Be("ConfirmResolution");
        (await rita.PostAsJsonAsync($"/api/incidents/{number}/transitions", new { state = "Closed" }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        var final = await IncidentAsync(agent, number);
        final.GetProperty("incident").GetProperty("state").GetString().Should().Be("Closed");
        final.GetProperty("allowedTransitions").GetArrayLength().Should().Be(0);
        var instance = await agent.GetFromJsonAsync<JsonElement>($"/api/process-instances/{final.GetProperty("incident").GetProperty("processInstanceId").GetString()}", Ct);
        instance.GetProperty("instance").GetProperty("status").GetString().Should().Be("Completed");
        var stateChanges = final.GetProperty("history").EnumerateArray().Where(h => h.GetProperty("field").GetString() == "state")
            .Select(h => $"{h.GetProperty("newValue").GetString()} by {h.GetProperty("changedBy").GetString()}").ToList();
        stateChanges.Should().Equal("New by rita", "OnHold by desk.agent", "InProgress by desk.agent", "Resolved by workflow", "InProgress by rita",
            "Resolved by desk.agent", "Closed by rita");
    }

    [Fact]
    public async Task The_groups_task_is_due_when_the_resolution_SLA_is_and_follows_it()
    {
        var number = await ReportedForRitaAsync("Shared drive is slow", impact: 3, urgency: 2);

        var due = await ResolutionDueAsync(number);
        due.Should().NotBeNull();
        (await TaskDueAsync(number)).Should().BeCloseTo(due!.Value, TimeSpan.FromSeconds(1), "the inbox sorts by it");

        // Awaiting the caller pauses the resolution clock: nothing is due meanwhile.
        (await agent.PostAsJsonAsync($"/api/incidents/{number}/transitions", new { state = "OnHold", onHoldReason = "AwaitingCaller" }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        (await ResolutionDueAsync(number)).Should().BeNull();
        (await TaskDueAsync(number)).Should().BeNull();

        (await agent.PostAsJsonAsync($"/api/incidents/{number}/transitions", new { state = "InProgress" }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        var resumed = await ResolutionDueAsync(number);
        (await TaskDueAsync(number)).Should().BeCloseTo(resumed!.Value, TimeSpan.FromSeconds(1));

        // Critical now: the P1 promise applies, much sooner, and the task moves with it.
        (await agent.PatchAsJsonAsync($"/api/incidents/{number}", new { impact = 1, urgency = 1 }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        var critical = await ResolutionDueAsync(number);
        critical.Should().BeBefore(resumed.Value);
        (await TaskDueAsync(number)).Should().BeCloseTo(critical!.Value, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task An_escalation_raising_the_priority_moves_the_groups_task_to_the_sooner_promise()
    {
        var number = await ReportedForRitaAsync("Printer queue stuck", impact: 2, urgency: 2);
        var before = await ResolutionDueAsync(number);
        (await TaskDueAsync(number)).Should().BeCloseTo(before!.Value, TimeSpan.FromSeconds(1));

        // Started as a breach starts it; the group decides to raise the priority — a workflow step changes the record,
        // inside the escalation's own transaction.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync(new StartProcessCommand("sla-escalation", BusinessKey: number,
                Variables: new Dictionary<string, object?>
                {
                    ["incidentNumber"] = number, ["slaName"] = "P3–P5 resolution in 3 business days", ["slaKind"] = "Resolution",
                    ["assignmentGroup"] = "service-desk", ["assignedTo"] = null, ["priority"] = 3L,
                }), Ct);
        }

        var decision = (await agent.GetFromJsonAsync<JsonElement>("/api/tasks", Ct)).GetProperty("items").EnumerateArray()
            .Single(t => t.GetProperty("elementId").GetString() == "DecideEscalation" && t.GetProperty("businessKey").GetString() == number);
        (await agent.PostAsJsonAsync($"/api/tasks/{decision.GetProperty("id").GetString()}/complete",
            new { variables = new { action = "raise-priority", decisionNote = "Finance cannot print invoices" } }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await IncidentAsync(agent, number)).GetProperty("incident").GetProperty("priority").GetInt32().Should().Be(2);
        var raised = await ResolutionDueAsync(number);
        raised.Should().BeBefore(before.Value, "P2 is promised sooner than P3");
        (await TaskDueAsync(number)).Should().BeCloseTo(raised!.Value, TimeSpan.FromSeconds(1), "the inbox follows the promise without waiting for another change");
    }

    [Fact]
    public async Task A_calendar_change_moves_the_groups_task_with_the_recalculated_promise()
    {
        var number = await ReportedForRitaAsync("Scanner offline", impact: 3, urgency: 2);
        var before = await ResolutionDueAsync(number);

        // The service desk now works two hours a day: the same business time lasts much longer.
        using var admin = await host.SignedInAsync();
        var calendar = await admin.GetFromJsonAsync<JsonElement>("/api/calendars/business-hours", Ct);
        using var saved = await admin.PutAsJsonAsync("/api/calendars/business-hours", new
        {
            name = "Short hours",
            timeZoneId = calendar.GetProperty("timeZoneId").GetString(),
            hours = Enum.GetNames<DayOfWeek>().Skip(1).Take(5).Select(day => new { day, start = "08:00", end = "10:00" }),
            holidays = calendar.GetProperty("holidays"),
            revision = calendar.GetProperty("revision").GetInt32(),
        }, Ct);
        saved.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ReadAsync(saved)).GetProperty("tasksMoved").GetInt32().Should().BeGreaterThanOrEqualTo(1);

        var after = await ResolutionDueAsync(number);
        after.Should().BeAfter(before!.Value);
        (await TaskDueAsync(number)).Should().BeCloseTo(after!.Value, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task The_category_is_suggested_from_how_the_desk_categorized_similar_incidents()
    {
        foreach (var (text, category) in new[]
        {
            ("VPN drops every hour", "network"), ("VPN client will not connect", "network"), ("Laptop screen is broken", "hardware"),
            ("Cannot log in to the laptop", "access"), ("Printer jams on floor 3", "hardware"),
        })
        {
            (await agent.PostAsJsonAsync("/api/incidents", new { shortDescription = text, caller = "rita", category, impact = 3, urgency = 3 }, Ct))
                .StatusCode.Should().Be(HttpStatusCode.Created);
        }

        await using var scope = host.Services.CreateAsyncScope();
        var suggester = scope.ServiceProvider.GetServices<IFormValueSuggester>().Single(s => s.Name == IncidentCategorySuggester.SuggesterName);
        string[] offered = ["hardware", "software", "network", "access", "other"];

        (await suggester.SuggestAsync("VPN fails at home", offered, Ct)).Should().Be("network");
        (await suggester.SuggestAsync("My laptop screen flickers", offered, Ct)).Should().Be("hardware", "'screen' is hardware's alone; 'laptop' is shared");
        (await suggester.SuggestAsync("Cannot log in since Monday", offered, Ct)).Should().Be("access");
        (await suggester.SuggestAsync("Hello there", offered, Ct)).Should().BeNull("no word in common with any report");
        (await suggester.SuggestAsync("VPN fails", ["hardware", "software"], Ct)).Should().BeNull("only what the form offers is suggested");
    }

    /// <summary>An incident the agent records for rita and the service desk; returns its number.</summary>
    private async Task<string> ReportedForRitaAsync(string shortDescription, int impact, int urgency)
    {
        using var created = await agent.PostAsJsonAsync("/api/incidents",
            new { shortDescription, caller = "rita", impact, urgency, assignmentGroup = "service-desk" }, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await ReadAsync(created)).GetProperty("number").GetString()!;
    }

    private async Task<DateTime?> ResolutionDueAsync(string number) =>
        (await agent.GetFromJsonAsync<JsonElement>($"/api/incidents/{number}/sla", Ct)).EnumerateArray()
            .Where(c => c.GetProperty("kind").GetString() == "Resolution" && c.GetProperty("state").GetString() != "Cancelled")
            .Select(c => c.GetProperty("state").GetString() == "Running" ? c.GetProperty("dueAt").GetDateTime() : (DateTime?)null)
            .Should().ContainSingle().Subject;

    private async Task<DateTime?> TaskDueAsync(string number)
    {
        var taskId = (await OpenTaskAsync(number)).GetProperty("Id").GetString();
        var task = await agent.GetFromJsonAsync<JsonElement>($"/api/tasks/{taskId}", Ct);
        return task.GetProperty("dueDate").ValueKind == JsonValueKind.Null ? null : task.GetProperty("dueDate").GetDateTime().ToUniversalTime();
    }

    [Fact]
    public async Task Invalid_fields_are_named_and_nothing_is_stored()
    {
        using var invalid = await agent.PostAsJsonAsync("/api/incidents", new { shortDescription = "", impact = 7, urgency = 0, assignmentGroup = "nobody" }, Ct);
        using var patch = await agent.PatchAsJsonAsync("/api/incidents/INC9999999", new { impact = 1 }, Ct);

        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await ReadAsync(invalid)).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo("shortDescription", "impact", "urgency", "assignmentGroup");
        patch.StatusCode.Should().Be(HttpStatusCode.NotFound);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        (await db.Incidents.CountAsync(Ct)).Should().Be(0);
        (await db.ProcessInstances.CountAsync(Ct)).Should().Be(0);
    }

    [Fact]
    public async Task Changing_impact_reprioritizes_audits_old_and_new_and_a_stale_revision_is_refused()
    {
        using var created = await agent.PostAsJsonAsync("/api/incidents", new { shortDescription = "Printer jam", caller = "rita" }, Ct);
        var incident = await ReadAsync(created);
        var number = incident.GetProperty("number").GetString()!;
        incident.GetProperty("priority").GetInt32().Should().Be(5);
        var revision = incident.GetProperty("revision").GetInt32();

        using var changed = await agent.PatchAsJsonAsync($"/api/incidents/{number}", new { impact = 1, urgency = 1, revision }, Ct);
        using var stale = await agent.PatchAsJsonAsync($"/api/incidents/{number}", new { description = "late", revision }, Ct);

        changed.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ReadAsync(changed)).GetProperty("priority").GetInt32().Should().Be(1);
        stale.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var history = (await IncidentAsync(agent, number)).GetProperty("history").EnumerateArray()
            .Where(h => h.GetProperty("field").GetString() == "priority").Select(h => $"{h.GetProperty("oldValue").GetString()}→{h.GetProperty("newValue").GetString()}");
        history.Should().Equal("→5", "5→1");
        (await IncidentAsync(agent, number)).GetProperty("incident").GetProperty("description").ValueKind.Should().Be(JsonValueKind.Null, "the stale write changed nothing");
    }

    [Fact]
    public async Task Children_resolve_with_their_parent()
    {
        var parent = (await ReadAsync(await agent.PostAsJsonAsync("/api/incidents", new { shortDescription = "Mail is down", impact = 1, urgency = 1 }, Ct))).GetProperty("number").GetString()!;
        var child = (await ReadAsync(await agent.PostAsJsonAsync("/api/incidents", new { shortDescription = "Cannot send mail", caller = "rita", parent }, Ct))).GetProperty("number").GetString()!;
        using var loop = await agent.PatchAsJsonAsync($"/api/incidents/{parent}", new { parent = child }, Ct);

        (await agent.PostAsJsonAsync($"/api/incidents/{parent}/transitions", new { state = "Resolved", resolutionCode = "fixed", resolutionNotes = "Mail server restarted" }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        loop.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var childNow = (await IncidentAsync(agent, child)).GetProperty("incident");
        childNow.GetProperty("state").GetString().Should().Be("Resolved");
        childNow.GetProperty("resolutionNotes").GetString().Should().Be($"Resolved with parent {parent}: Mail server restarted");
        (await OpenTaskAsync(child)).GetProperty("ElementId").GetString().Should().Be("ConfirmResolution", "the child's workflow was told too");
        (await IncidentAsync(agent, parent)).GetProperty("children").EnumerateArray().Select(c => c.GetProperty("number").GetString()).Should().Equal(child);
    }

    [Fact]
    public async Task A_requester_sees_only_their_own_incidents_and_never_the_work_notes()
    {
        var mine = (await ReadAsync(await rita.PostAsJsonAsync("/api/incidents", new { shortDescription = "Laptop will not boot" }, Ct))).GetProperty("number").GetString()!;
        (await agent.PostAsJsonAsync($"/api/incidents/{mine}/notes", new { kind = "WorkNote", text = "Probably the SSD" }, Ct)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await agent.PostAsJsonAsync($"/api/incidents/{mine}/notes", new { kind = "Comment", text = "We are on it" }, Ct)).StatusCode.Should().Be(HttpStatusCode.Created);

        var asCaller = await IncidentAsync(rita, mine);
        asCaller.GetProperty("notes").EnumerateArray().Select(n => n.GetProperty("text").GetString()).Should().Equal("We are on it");
        (await rita.PostAsJsonAsync($"/api/incidents/{mine}/notes", new { kind = "WorkNote", text = "sneaky" }, Ct)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await sam.GetAsync(new Uri($"/api/incidents/{mine}", UriKind.Relative), Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await sam.PostAsJsonAsync($"/api/incidents/{mine}/notes", new { text = "hi" }, Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await sam.PostAsJsonAsync($"/api/incidents/{mine}/transitions", new { state = "Cancelled" }, Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await sam.GetFromJsonAsync<JsonElement>("/api/incidents?caller=rita", Ct)).GetProperty("total").GetInt32().Should().Be(0, "a requester's list is their own whatever they ask");
        (await rita.PatchAsJsonAsync($"/api/incidents/{mine}", new { impact = 1 }, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Starting_incident_triage_from_the_portal_creates_the_incident_with_the_requester_as_caller()
    {
        using var started = await rita.PostAsJsonAsync("/api/my-requests",
            new { processKey = "incident-triage", variables = new { shortDescription = "Projector in room 4 is dark", impact = 3, urgency = 2, category = "hardware" } }, Ct);
        started.StatusCode.Should().Be(HttpStatusCode.Created);

        var list = await rita.GetFromJsonAsync<JsonElement>("/api/incidents", Ct);
        var item = list.GetProperty("items").EnumerateArray().Should().ContainSingle().Subject;
        item.GetProperty("shortDescription").GetString().Should().Be("Projector in room 4 is dark");
        item.GetProperty("caller").GetString().Should().Be("rita");
        item.GetProperty("category").GetString().Should().Be("hardware");
        item.GetProperty("priority").GetInt32().Should().Be(4);
        (await OpenTaskAsync(item.GetProperty("number").GetString()!)).GetProperty("CandidateGroups").GetString().Should().Be("service-desk");
    }

    [Fact]
    public async Task Lists_filter_sort_and_page_in_the_database()
    {
        foreach (var (text, impact) in new[] { ("A low one", 3), ("A critical one", 1), ("Another low one", 3) })
        {
            (await agent.PostAsJsonAsync("/api/incidents", new { shortDescription = text, impact, urgency = impact, caller = "rita" }, Ct)).StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var byPriority = await agent.GetFromJsonAsync<JsonElement>("/api/incidents?sort=Priority&pageSize=2", Ct);
        var lows = await agent.GetFromJsonAsync<JsonElement>("/api/incidents?priority=5&q=low", Ct);
        using var badPage = await agent.GetAsync(new Uri("/api/incidents?pageSize=500", UriKind.Relative), Ct);

        byPriority.GetProperty("total").GetInt32().Should().Be(3);
        byPriority.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("shortDescription").GetString()).Should().Equal("A critical one", "A low one");
        lows.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("shortDescription").GetString()).Should().BeEquivalentTo("A low one", "Another low one");
        badPage.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }
}
