using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace WorkflowItsm.Web.Tests.Api;

/// <summary>The incident-triage lifecycle and a real Hangfire timer through the HTTP API, on SQLite.</summary>
public sealed class ProcessInstancesApiTests : IAsyncLifetime
{
    private readonly WebHostFactory host = new();
    private HttpClient client = null!;

    public async ValueTask InitializeAsync()
    {
        client = await host.SignedInAsync();
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();

    private async Task<string> StartTriageAsync()
    {
        using var response = await client.PostAsJsonAsync("/api/process-instances", new
        {
            key = "incident-triage",
            businessKey = "INC0001001",
            variables = new { impact = 2, urgency = 2, shortDescription = "Mail is slow" },
        }, TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await JsonAsync(response)).GetProperty("id").GetString()!;
    }

    private async Task DeployAsync(string xml, string fileName)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(xml)), "files", fileName } };
        using var deployed = await client.PostAsync(new Uri("/api/deployments", UriKind.Relative), form, TestContext.Current.CancellationToken);
        deployed.StatusCode.Should().Be(HttpStatusCode.Created, await deployed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private async Task<string> OpenTaskIdAsync(string instanceId)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/tasks?instanceId={instanceId}", TestContext.Current.CancellationToken);
        return page.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Start_then_complete_the_task_through_the_api()
    {
        var instanceId = await StartTriageAsync();
        var taskId = await OpenTaskIdAsync(instanceId);

        using var completed = await client.PostAsJsonAsync($"/api/tasks/{taskId}/complete",
            new { variables = new { resolutionCode = "fixed", resolutionNotes = "Cleared the queue" } }, TestContext.Current.CancellationToken);

        completed.StatusCode.Should().Be(HttpStatusCode.OK);
        // Resolved: the reference workflow now waits for the caller's confirmation.
        (await JsonAsync(completed)).GetProperty("instanceStatus").GetString().Should().Be("Running");
        var details = await client.GetFromJsonAsync<JsonElement>($"/api/process-instances/{instanceId}", TestContext.Current.CancellationToken);
        details.GetProperty("instance").GetProperty("activeElements").EnumerateArray().Select(e => e.GetString()).Should().Equal("ConfirmResolution");
        details.GetProperty("variables").GetProperty("priority").GetInt32().Should().Be(3);
        details.GetProperty("journal").EnumerateArray().Select(j => j.GetProperty("kind").GetString()).Should().Contain("TaskCompleted");
    }

    [Fact]
    public async Task Completing_twice_is_a_409_and_invalid_fields_are_a_400_naming_them()
    {
        var instanceId = await StartTriageAsync();
        var taskId = await OpenTaskIdAsync(instanceId);

        using var invalid = await client.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { variables = new { resolutionCode = "magic" } }, TestContext.Current.CancellationToken);
        using var valid = await client.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { variables = new { resolutionCode = "fixed", resolutionNotes = "ok" } }, TestContext.Current.CancellationToken);
        using var again = await client.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { variables = new { resolutionCode = "fixed", resolutionNotes = "ok" } }, TestContext.Current.CancellationToken);

        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await JsonAsync(invalid)).GetProperty("errors");
        errors.TryGetProperty("resolutionCode", out _).Should().BeTrue();
        errors.TryGetProperty("resolutionNotes", out _).Should().BeTrue();
        valid.StatusCode.Should().Be(HttpStatusCode.OK);
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Unknown_key_instance_and_task_are_404_problem_details()
    {
        using var start = await client.PostAsJsonAsync("/api/process-instances", new { key = "no-such-process" }, TestContext.Current.CancellationToken);
        using var instance = await client.GetAsync(new Uri("/api/process-instances/nope", UriKind.Relative), TestContext.Current.CancellationToken);
        using var complete = await client.PostAsJsonAsync("/api/tasks/nope/complete", new { }, TestContext.Current.CancellationToken);

        start.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await JsonAsync(start)).GetProperty("detail").GetString().Should().Be("No process with key 'no-such-process' is deployed.");
        instance.StatusCode.Should().Be(HttpStatusCode.NotFound);
        complete.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Lists_are_paged_and_bad_paging_names_the_field()
    {
        await StartTriageAsync();
        await StartTriageAsync();

        var page = await client.GetFromJsonAsync<JsonElement>("/api/process-instances?key=incident-triage&pageSize=1", TestContext.Current.CancellationToken);
        using var bad = await client.GetAsync(new Uri("/api/tasks?pageSize=1000", UriKind.Relative), TestContext.Current.CancellationToken);

        page.GetProperty("total").GetInt32().Should().Be(2);
        page.GetProperty("items").GetArrayLength().Should().Be(1);
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await JsonAsync(bad)).GetProperty("errors").TryGetProperty("pageSize", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Migrating_with_an_incomplete_mapping_is_a_400_listing_the_unmapped_elements()
    {
        var instanceId = await StartTriageAsync();

        using var response = await client.PostAsJsonAsync($"/api/process-instances/{instanceId}/migrate",
            new { targetVersion = 1, mapping = new Dictionary<string, string> { ["ResolveIncident"] = "ResolveIncident" } }, TestContext.Current.CancellationToken);
        using var noVersion = await client.PostAsJsonAsync($"/api/process-instances/{instanceId}/migrate", new { }, TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await JsonAsync(response)).GetProperty("unmappedElements").EnumerateArray().Select(e => e.GetString()).Should().Equal("ResolvedElsewhere", "SlaWarningTimer");
        noVersion.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_BPMN_timer_fires_through_Hangfire()
    {
        const string model = """
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="D" targetNamespace="x">
              <bpmn:process id="wait-two-seconds" isExecutable="true">
                <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
                <bpmn:intermediateCatchEvent id="Wait"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
                  <bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT2S</bpmn:timeDuration></bpmn:timerEventDefinition>
                </bpmn:intermediateCatchEvent>
                <bpmn:userTask id="AfterTimer" name="After the timer"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:userTask>
                <bpmn:endEvent id="End"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
                <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Wait" />
                <bpmn:sequenceFlow id="f2" sourceRef="Wait" targetRef="AfterTimer" />
                <bpmn:sequenceFlow id="f3" sourceRef="AfterTimer" targetRef="End" />
              </bpmn:process>
            </bpmn:definitions>
            """;
        await DeployAsync(model, "wait.bpmn");
        using var started = await client.PostAsJsonAsync("/api/process-instances", new { key = "wait-two-seconds" }, TestContext.Current.CancellationToken);
        var instanceId = (await JsonAsync(started)).GetProperty("id").GetString();

        // Hangfire polls every second; the 2 s timer must have moved the token within a generous bound.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string[] active = [];
        while (DateTime.UtcNow < deadline)
        {
            var details = await client.GetFromJsonAsync<JsonElement>($"/api/process-instances/{instanceId}", TestContext.Current.CancellationToken);
            active = details.GetProperty("instance").GetProperty("activeElements").EnumerateArray().Select(e => e.GetString()!).ToArray();
            if (active.Contains("AfterTimer"))
            {
                break;
            }

            await Task.Delay(250, TestContext.Current.CancellationToken);
        }

        active.Should().Equal("AfterTimer");
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await host.DisposeAsync();
        Directory.Delete(host.Folder, recursive: true);
    }

    [Fact]
    public async Task An_instance_shows_its_parent_and_its_called_children()
    {
        const string Models = """
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="x">
              <bpmn:process id="api-parent" isExecutable="true">
                <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
                <bpmn:callActivity id="CallChild" calledElement="api-child"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:callActivity>
                <bpmn:endEvent id="e"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
                <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="CallChild" />
                <bpmn:sequenceFlow id="f2" sourceRef="CallChild" targetRef="e" />
              </bpmn:process>
              <bpmn:process id="api-child" isExecutable="true">
                <bpmn:startEvent id="cs"><bpmn:outgoing>c1</bpmn:outgoing></bpmn:startEvent>
                <bpmn:userTask id="Work"><bpmn:incoming>c1</bpmn:incoming><bpmn:outgoing>c2</bpmn:outgoing></bpmn:userTask>
                <bpmn:endEvent id="ce"><bpmn:incoming>c2</bpmn:incoming></bpmn:endEvent>
                <bpmn:sequenceFlow id="c1" sourceRef="cs" targetRef="Work" />
                <bpmn:sequenceFlow id="c2" sourceRef="Work" targetRef="ce" />
              </bpmn:process>
            </bpmn:definitions>
            """;
        await DeployAsync(Models, "call.bpmn");
        using var started = await client.PostAsJsonAsync("/api/process-instances", new { key = "api-parent" }, TestContext.Current.CancellationToken);
        var parentId = (await JsonAsync(started)).GetProperty("id").GetString()!;

        var parent = await client.GetFromJsonAsync<JsonElement>($"/api/process-instances/{parentId}", TestContext.Current.CancellationToken);
        var child = parent.GetProperty("children").EnumerateArray().Should().ContainSingle().Subject;
        child.GetProperty("definitionKey").GetString().Should().Be("api-child");
        child.GetProperty("status").GetString().Should().Be("Running");
        child.GetProperty("callActivityId").GetString().Should().Be("CallChild");
        parent.GetProperty("parentInstanceId").ValueKind.Should().Be(JsonValueKind.Null);
        var childId = child.GetProperty("id").GetString()!;

        var childDetails = await client.GetFromJsonAsync<JsonElement>($"/api/process-instances/{childId}", TestContext.Current.CancellationToken);
        childDetails.GetProperty("parentInstanceId").GetString().Should().Be(parentId);
        childDetails.GetProperty("parentCallActivityId").GetString().Should().Be("CallChild");

        using var completed = await client.PostAsJsonAsync($"/api/tasks/{await OpenTaskIdAsync(childId)}/complete", new { }, TestContext.Current.CancellationToken);
        completed.StatusCode.Should().Be(HttpStatusCode.OK);
        var ended = await client.GetFromJsonAsync<JsonElement>($"/api/process-instances/{parentId}", TestContext.Current.CancellationToken);
        ended.GetProperty("instance").GetProperty("status").GetString().Should().Be("Completed");
        ended.GetProperty("children")[0].GetProperty("status").GetString().Should().Be("Completed");
    }

    /// <summary>
    /// Issue 24: a receive task without a message (Camunda 7's plain wait state) waits until it is triggered by hand;
    /// the trigger names the element, carries variables, and a second one finds nothing to move on.
    /// </summary>
    [Fact]
    public async Task A_receive_task_without_a_message_waits_until_triggered_through_the_api()
    {
        const string Model = """
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="x">
              <bpmn:process id="api-wait" isExecutable="true">
                <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
                <bpmn:receiveTask id="WaitForGoodsIn" name="Wait for the goods"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:receiveTask>
                <bpmn:exclusiveGateway id="g" default="short"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>full</bpmn:outgoing><bpmn:outgoing>short</bpmn:outgoing></bpmn:exclusiveGateway>
                <bpmn:userTask id="Shelve"><bpmn:incoming>full</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:userTask>
                <bpmn:endEvent id="e"><bpmn:incoming>f3</bpmn:incoming><bpmn:incoming>short</bpmn:incoming></bpmn:endEvent>
                <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="WaitForGoodsIn" />
                <bpmn:sequenceFlow id="f2" sourceRef="WaitForGoodsIn" targetRef="g" />
                <bpmn:sequenceFlow id="full" sourceRef="g" targetRef="Shelve"><bpmn:conditionExpression>${received eq ordered}</bpmn:conditionExpression></bpmn:sequenceFlow>
                <bpmn:sequenceFlow id="short" sourceRef="g" targetRef="e" />
                <bpmn:sequenceFlow id="f3" sourceRef="Shelve" targetRef="e" />
              </bpmn:process>
            </bpmn:definitions>
            """;
        var ct = TestContext.Current.CancellationToken;
        await DeployAsync(Model, "plain-wait.bpmn");
        using var started = await client.PostAsJsonAsync("/api/process-instances", new { key = "api-wait", variables = new { ordered = 3 } }, ct);
        var id = (await JsonAsync(started)).GetProperty("id").GetString()!;
        var waiting = await client.GetFromJsonAsync<JsonElement>($"/api/process-instances/{id}", ct);
        waiting.GetProperty("bookmarks").EnumerateArray().Should().ContainSingle()
            .Which.GetProperty("kind").GetString().Should().Be("Wait", "the receive task waits without a message");

        using var unnamed = await client.PostAsJsonAsync($"/api/process-instances/{id}/trigger", new { }, ct);
        unnamed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await JsonAsync(unnamed)).GetProperty("errors").TryGetProperty("elementId", out _).Should().BeTrue();
        using var elsewhere = await client.PostAsJsonAsync($"/api/process-instances/{id}/trigger", new { elementId = "Shelve" }, ct);
        elsewhere.StatusCode.Should().Be(HttpStatusCode.NotFound, "the instance does not wait at the user task as a plain wait state");

        using var triggered = await client.PostAsJsonAsync($"/api/process-instances/{id}/trigger", new { elementId = "WaitForGoodsIn", variables = new { received = "3" } }, ct);
        triggered.StatusCode.Should().Be(HttpStatusCode.OK, await triggered.Content.ReadAsStringAsync(ct));
        (await OpenTaskIdAsync(id)).Should().NotBeNullOrEmpty("JUEL compares \"3\" and 3 as numbers: the full delivery is shelved");

        using var again = await client.PostAsJsonAsync($"/api/process-instances/{id}/trigger", new { elementId = "WaitForGoodsIn" }, ct);
        again.StatusCode.Should().Be(HttpStatusCode.NotFound, "it no longer waits there");
    }
}
