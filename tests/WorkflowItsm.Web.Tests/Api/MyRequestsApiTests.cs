using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Runtime.Deployments;

namespace WorkflowItsm.Web.Tests.Api;

/// <summary>Requesters' own API: the catalogue, making a request, and their requests only (others' ids answer 404).</summary>
public sealed class MyRequestsApiTests : IAsyncLifetime
{
    private const string Password = "Requester-Pass-1!";
    private readonly WebHostFactory host = new();

    public async ValueTask InitializeAsync()
    {
        await host.CreateUserAsync("rita", Password, Roles.Requester);
        await host.CreateUserAsync("sam", Password, Roles.Requester);
        await host.CreateUserAsync("desk.agent", Password, Roles.Agent);
        await using var scope = host.Services.CreateAsyncScope();
        var drafts = scope.ServiceProvider.GetRequiredService<ProcessDrafts>();
        var saved = await drafts.SaveAsync("laptop-order", LaptopOrder, 0, "admin", TestContext.Current.CancellationToken);
        await drafts.PublishAsync("laptop-order", saved.Revision, "first", "admin", TestContext.Current.CancellationToken);
        saved = await drafts.SaveAsync("staff-only", StaffOnly, 0, "admin", TestContext.Current.CancellationToken);
        await drafts.PublishAsync("staff-only", saved.Revision, "first", "admin", TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task A_requester_makes_a_request_follows_it_and_nobody_else_reaches_it_through_this_api()
    {
        var ct = TestContext.Current.CancellationToken;
        using var rita = await host.SignedInAsync("rita", Password);
        using var sam = await host.SignedInAsync("sam", Password);
        using var agent = await host.SignedInAsync("desk.agent", Password);

        var catalog = await rita.GetFromJsonAsync<JsonElement>("/api/my-requests/catalog", ct);
        catalog.EnumerateArray().Select(p => p.GetProperty("key").GetString()).Should().Contain("laptop-order").And.NotContain("staff-only", "only the service desk may start it");
        var report = catalog.EnumerateArray().Single(p => p.GetProperty("key").GetString() == "incident-triage");
        report.GetProperty("title").GetString().Should().Be("Report something broken", "the reference workflow's portalTitle");
        report.GetProperty("description").GetString().Should().StartWith("Tell us what does not work");
        catalog.EnumerateArray().Single(p => p.GetProperty("key").GetString() == "laptop-order").GetProperty("title").GetString()
            .Should().Be("Order a laptop", "without a portalTitle the process's name");
        using var created = await rita.PostAsJsonAsync("/api/my-requests", new { processKey = "laptop-order", businessKey = "LAPTOP-1", variables = new { reason = "Mine broke" } }, ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!;
        created.Headers.Location!.OriginalString.Should().Be($"/api/my-requests/{id}");

        var mine = await rita.GetFromJsonAsync<JsonElement>("/api/my-requests", ct);
        mine.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()).Should().Equal(id);
        mine.GetProperty("items")[0].GetProperty("title").GetString().Should().Be("Order a laptop", "a request is titled by its catalogue item, not its process key");
        var request = await rita.GetFromJsonAsync<JsonElement>($"/api/my-requests/{id}", ct);
        request.GetProperty("statusText").GetString().Should().Be("In progress");
        request.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("text").GetString()).Should().Equal("Now with Prepare laptop", "Submitted");

        (await sam.GetAsync(new Uri($"/api/my-requests/{id}", UriKind.Relative), ct)).StatusCode.Should().Be(HttpStatusCode.NotFound, "a guessed id is not confirmed");
        (await sam.GetAsync(new Uri($"/api/process-instances/{id}", UriKind.Relative), ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden, "the instance API is staff-only");
        (await sam.GetFromJsonAsync<JsonElement>("/api/my-requests", ct)).GetProperty("total").GetInt32().Should().Be(0);
        (await agent.GetAsync(new Uri($"/api/my-requests/{id}", UriKind.Relative), ct)).StatusCode.Should().Be(HttpStatusCode.NotFound, "staff follow it through the instance API");
    }

    [Fact]
    public async Task Reporting_an_issue_answers_with_the_incident_number_and_the_desks_promises()
    {
        var ct = TestContext.Current.CancellationToken;
        using var rita = await host.SignedInAsync("rita", Password);

        using var created = await rita.PostAsJsonAsync("/api/my-requests",
            new { processKey = "incident-triage", variables = new { shortDescription = "VPN fails", impact = 3, urgency = 3 } }, ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(ct));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!;

        var incident = (await rita.GetFromJsonAsync<JsonElement>($"/api/my-requests/{id}", ct)).GetProperty("incident");
        incident.GetProperty("number").GetString().Should().MatchRegex("^INC[0-9]{7}$");
        incident.GetProperty("stateText").GetString().Should().Be("Received", "the requester's words, not the record's state name");
        var promises = incident.GetProperty("promises").EnumerateArray().Select(p => p.GetString()).ToList();
        promises.Should().HaveCount(2);
        promises[0].Should().StartWith("We respond by");
        promises[1].Should().StartWith("We aim to resolve it by")
            .And.MatchRegex(@"\(within \d+ business (days|hours|day|hour)\)\.$", "a target reads in the calendar's business days or hours, not as '1 d 6 h'");

        using var laptop = await rita.PostAsJsonAsync("/api/my-requests", new { processKey = "laptop-order", variables = new { reason = "Mine broke" } }, ct);
        var laptopId = (await laptop.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!;
        (await rita.GetFromJsonAsync<JsonElement>($"/api/my-requests/{laptopId}", ct)).GetProperty("incident").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task Bad_requests_name_the_field_or_answer_404_for_processes_not_offered_and_start_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var rita = await host.SignedInAsync("rita", Password);

        using var noKey = await rita.PostAsJsonAsync("/api/my-requests", new { variables = new { } }, ct);
        using var missingField = await rita.PostAsJsonAsync("/api/my-requests", new { processKey = "laptop-order", variables = new { } }, ct);
        using var notOffered = await rita.PostAsJsonAsync("/api/my-requests", new { processKey = "staff-only", variables = new { } }, ct);
        using var unknown = await rita.PostAsJsonAsync("/api/my-requests", new { processKey = "no-such-process" }, ct);

        noKey.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await noKey.Content.ReadAsStringAsync(ct)).Should().Contain("processKey");
        missingField.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await missingField.Content.ReadAsStringAsync(ct)).Should().Contain("reason");
        notOffered.StatusCode.Should().Be(HttpStatusCode.NotFound);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await rita.GetFromJsonAsync<JsonElement>("/api/my-requests", ct)).GetProperty("total").GetInt32().Should().Be(0, "nothing was started");
    }

    [Fact]
    public async Task A_requester_cannot_take_over_another_persons_incident_and_neither_can_a_second_workflow()
    {
        var ct = TestContext.Current.CancellationToken;
        using var rita = await host.SignedInAsync("rita", Password);
        using var sam = await host.SignedInAsync("sam", Password);
        using var admin = await host.SignedInAsync();
        using var samsRequest = await sam.PostAsJsonAsync("/api/my-requests",
            new { processKey = "incident-triage", variables = new { shortDescription = "Printer jams", impact = 3, urgency = 3 } }, ct);
        var samsInstance = (await samsRequest.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!;
        var number = (await sam.GetFromJsonAsync<JsonElement>($"/api/my-requests/{samsInstance}", ct)).GetProperty("incident").GetProperty("number").GetString()!;

        using var takeover = await rita.PostAsJsonAsync("/api/my-requests",
            new { processKey = "incident-triage", variables = new { shortDescription = "Mine now", impact = 3, urgency = 3, incidentNumber = number } }, ct);
        using var hidden = await rita.PostAsJsonAsync("/api/my-requests",
            new { processKey = "laptop-order", variables = new { reason = "x", assignmentGroup = "admins" } }, ct);

        takeover.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await takeover.Content.ReadFromJsonAsync<JsonElement>(ct);
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Equal("incidentNumber");
        hidden.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await hidden.Content.ReadAsStringAsync(ct)).Should().Contain("assignmentGroup");
        (await rita.GetFromJsonAsync<JsonElement>("/api/my-requests", ct)).GetProperty("total").GetInt32().Should().Be(0, "nothing was started");

        // Staff may pass record references, but a second workflow still cannot take over an incident another drives.
        using var staffStart = await admin.PostAsJsonAsync("/api/process-instances", new { key = "incident-triage", variables = new { shortDescription = "Take it", impact = 3, urgency = 3, incidentNumber = number } }, ct);
        staffStart.StatusCode.Should().Be(HttpStatusCode.Created, await staffStart.Content.ReadAsStringAsync(ct));
        var secondId = (await staffStart.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString();
        var second = (await admin.GetFromJsonAsync<JsonElement>($"/api/process-instances/{secondId}", ct)).GetProperty("instance");
        second.GetProperty("faultElementId").GetString().Should().Be("RegisterIncident", "registering a driven incident is a visible fault");
        second.GetProperty("faultMessage").GetString().Should().Contain(number).And.Contain("cannot take it over");
        var incident = (await admin.GetFromJsonAsync<JsonElement>($"/api/incidents/{number}", ct)).GetProperty("incident");
        incident.GetProperty("processInstanceId").GetString().Should().Be(samsInstance, "the incident stays with the workflow that drives it");
    }

    [Fact]
    public async Task A_requester_talks_with_the_desk_reopens_a_resolution_that_did_not_work_and_confirms_the_next_without_the_agents_inbox()
    {
        var ct = TestContext.Current.CancellationToken;
        using var rita = await host.SignedInAsync("rita", Password);
        using var sam = await host.SignedInAsync("sam", Password);
        using var admin = await host.SignedInAsync();
        var (id, number) = await ReportAsync(rita, "VPN drops every hour", ct);

        using var deskComment = await admin.PostAsJsonAsync($"/api/incidents/{number}/notes", new { kind = "Comment", text = "Please restart the VPN client." }, ct);
        using var workNote = await admin.PostAsJsonAsync($"/api/incidents/{number}/notes", new { kind = "WorkNote", text = "Suspect the concentrator." }, ct);
        using var reply = await rita.PostAsJsonAsync($"/api/my-requests/{id}/comments", new { text = "Restarted it, still drops." }, ct);
        using var samsReply = await sam.PostAsJsonAsync($"/api/my-requests/{id}/comments", new { text = "Me too" }, ct);
        using var tooEarly = await rita.PostAsJsonAsync($"/api/my-requests/{id}/confirm", new { }, ct);
        deskComment.StatusCode.Should().Be(HttpStatusCode.Created);
        reply.StatusCode.Should().Be(HttpStatusCode.Created);
        samsReply.StatusCode.Should().Be(HttpStatusCode.NotFound, "someone else's request is not confirmed to exist");
        tooEarly.StatusCode.Should().Be(HttpStatusCode.Conflict, "nothing is resolved yet");
        (await tooEarly.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()).Should().Equal("Withdraw");

        var conversation = (await IncidentOfAsync(rita, id, ct)).GetProperty("conversation").EnumerateArray()
            .Where(m => !m.GetProperty("isStatus").GetBoolean()).Select(m => (m.GetProperty("text").GetString(), m.GetProperty("fromYou").GetBoolean())).ToList();
        conversation.Should().Equal([("Please restart the VPN client.", false), ("Restarted it, still drops.", true)], "the desk's comments and hers, never a work note");

        await ResolveAsync(admin, number, "Replaced the VPN profile", ct);
        await WaitForHerTaskAsync(id, ct);
        (await IncidentOfAsync(rita, id, ct)).GetProperty("actions").EnumerateArray().Select(a => a.GetString()).Should().Equal("Confirm", "Reopen");
        using var silentReopen = await rita.PostAsJsonAsync($"/api/my-requests/{id}/reopen", new { }, ct);
        silentReopen.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await silentReopen.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Equal("comment");
        using var reopen = await rita.PostAsJsonAsync($"/api/my-requests/{id}/reopen", new { comment = "Still drops after lunch." }, ct);
        reopen.StatusCode.Should().Be(HttpStatusCode.NoContent, await reopen.Content.ReadAsStringAsync(ct));
        var reopened = await IncidentOfAsync(rita, id, ct);
        reopened.GetProperty("stateText").GetString().Should().Be("Being worked on");
        reopened.GetProperty("conversation").EnumerateArray().Select(m => m.GetProperty("text").GetString()).Should().Contain("Still not working: Still drops after lunch.");

        await ResolveAsync(admin, number, "Replaced the concentrator", ct);
        var task = await WaitForHerTaskAsync(id, ct);
        using var confirm = await rita.PostAsJsonAsync($"/api/my-requests/{id}/confirm", new { comment = "Works now, thanks." }, ct);
        confirm.StatusCode.Should().Be(HttpStatusCode.NoContent, await confirm.Content.ReadAsStringAsync(ct));

        var request = await rita.GetFromJsonAsync<JsonElement>($"/api/my-requests/{id}", ct);
        request.GetProperty("incident").GetProperty("stateText").GetString().Should().Be("Closed");
        request.GetProperty("incident").GetProperty("actions").GetArrayLength().Should().Be(0);
        request.GetProperty("status").GetString().Should().Be("Completed", "her answer took the workflow to its end");
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        (await db.HumanTasks.SingleAsync(t => t.Id == task, ct)).CompletedBy.Should().Be("rita", "she answered her own task from the request");
    }

    [Fact]
    public async Task A_requester_withdraws_an_open_request_and_cannot_confirm_it_afterwards()
    {
        var ct = TestContext.Current.CancellationToken;
        using var rita = await host.SignedInAsync("rita", Password);
        var (id, number) = await ReportAsync(rita, "Printer out of toner", ct);
        using var sam = await host.SignedInAsync("sam", Password);

        // On the record itself she may only do what the request page offers: no taking her new incident In progress.
        using var takeOn = await rita.PostAsJsonAsync($"/api/incidents/{number}/transitions", new { state = "InProgress" }, ct);
        using var hold = await rita.PostAsJsonAsync($"/api/incidents/{number}/transitions", new { state = "OnHold", onHoldReason = "AwaitingVendor" }, ct);
        using var samsMove = await sam.PostAsJsonAsync($"/api/incidents/{number}/transitions", new { state = "Cancelled" }, ct);
        takeOn.StatusCode.Should().Be(HttpStatusCode.Conflict, "reopening is for a resolved incident");
        (await takeOn.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()).Should().Equal("Withdraw");
        hold.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await hold.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Equal("state");
        samsMove.StatusCode.Should().Be(HttpStatusCode.NotFound, "someone else's incident");
        (await IncidentOfAsync(rita, id, ct)).GetProperty("stateText").GetString().Should().Be("Received", "nothing moved");

        using var withdraw = await rita.PostAsJsonAsync($"/api/my-requests/{id}/withdraw", new { comment = "Found a spare cartridge." }, ct);
        using var confirm = await rita.PostAsJsonAsync($"/api/my-requests/{id}/confirm", new { }, ct);

        withdraw.StatusCode.Should().Be(HttpStatusCode.NoContent, await withdraw.Content.ReadAsStringAsync(ct));
        confirm.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var request = await rita.GetFromJsonAsync<JsonElement>($"/api/my-requests/{id}", ct);
        request.GetProperty("incident").GetProperty("stateText").GetString().Should().Be("Withdrawn");
        request.GetProperty("status").GetString().Should().Be("Cancelled", "the desk's workflow stops");
        request.GetProperty("incident").GetProperty("conversation").EnumerateArray().Select(m => m.GetProperty("text").GetString())
            .Should().Contain("Withdrawn: Found a spare cartridge.");
        (await rita.GetFromJsonAsync<JsonElement>("/api/my-requests", ct)).GetProperty("items")[0].GetProperty("title").GetString()
            .Should().Be("Printer out of toner", "her list shows what she reported");
        number.Should().MatchRegex("^INC");
    }

    private static async Task<(string Id, string Number)> ReportAsync(HttpClient requester, string what, CancellationToken ct)
    {
        using var created = await requester.PostAsJsonAsync("/api/my-requests",
            new { processKey = "incident-triage", variables = new { shortDescription = what, impact = 3, urgency = 3 } }, ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(ct));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!;
        return (id, (await IncidentOfAsync(requester, id, ct)).GetProperty("number").GetString()!);
    }

    private static async Task<JsonElement> IncidentOfAsync(HttpClient requester, string id, CancellationToken ct) =>
        (await requester.GetFromJsonAsync<JsonElement>($"/api/my-requests/{id}", ct)).GetProperty("incident");

    private static async Task ResolveAsync(HttpClient desk, string number, string notes, CancellationToken ct)
    {
        using var resolved = await desk.PostAsJsonAsync($"/api/incidents/{number}/transitions", new { state = "Resolved", resolutionCode = "fixed", resolutionNotes = notes }, ct);
        resolved.StatusCode.Should().Be(HttpStatusCode.OK, await resolved.Content.ReadAsStringAsync(ct));
    }

    /// <summary>The workflow asks the caller to confirm with a task of hers; returns its id.</summary>
    private async Task<string> WaitForHerTaskAsync(string instanceId, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var task = await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().HumanTasks
                .Where(t => t.InstanceId == instanceId && t.Assignee == "rita" && t.Status == WorkflowItsm.Runtime.HumanTasks.HumanTaskStatus.Open)
                .Select(t => t.Id).FirstOrDefaultAsync(ct);
            if (task is not null)
            {
                return task;
            }

            await Task.Delay(100, ct);
        }

        throw new InvalidOperationException("The workflow never asked the caller to confirm.");
    }

    private const string LaptopOrder = """
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="http://workflowitsm.test">
          <bpmn:process id="laptop-order" name="Order a laptop" isExecutable="true">
            <bpmn:startEvent id="Start">
              <bpmn:extensionElements><camunda:formData>
                <camunda:formField id="reason" label="Why do you need it?" type="string"><camunda:validation><camunda:constraint name="required" /></camunda:validation></camunda:formField>
              </camunda:formData></bpmn:extensionElements>
            </bpmn:startEvent>
            <bpmn:userTask id="Prepare" name="Prepare laptop" camunda:candidateGroups="service-desk" />
            <bpmn:endEvent id="End" />
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Prepare" />
            <bpmn:sequenceFlow id="f2" sourceRef="Prepare" targetRef="End" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private const string StaffOnly = """
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="http://workflowitsm.test">
          <bpmn:process id="staff-only" name="Staff only" isExecutable="true" camunda:candidateStarterGroups="service-desk">
            <bpmn:startEvent id="Start">
              <bpmn:extensionElements><camunda:formData>
                <camunda:formField id="what" label="What" type="string" />
              </camunda:formData></bpmn:extensionElements>
            </bpmn:startEvent>
            <bpmn:endEvent id="End" />
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="End" />
          </bpmn:process>
        </bpmn:definitions>
        """;
}
