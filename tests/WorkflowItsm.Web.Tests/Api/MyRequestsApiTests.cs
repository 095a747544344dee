using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
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
        using var created = await rita.PostAsJsonAsync("/api/my-requests", new { processKey = "laptop-order", businessKey = "LAPTOP-1", variables = new { reason = "Mine broke" } }, ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!;
        created.Headers.Location!.OriginalString.Should().Be($"/api/my-requests/{id}");

        var mine = await rita.GetFromJsonAsync<JsonElement>("/api/my-requests", ct);
        mine.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()).Should().Equal(id);
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
        incident.GetProperty("stateText").GetString().Should().Be("New");
        var promises = incident.GetProperty("promises").EnumerateArray().Select(p => p.GetString()).ToList();
        promises.Should().HaveCount(2);
        promises[0].Should().StartWith("We respond by");
        promises[1].Should().StartWith("We aim to resolve it by");

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
