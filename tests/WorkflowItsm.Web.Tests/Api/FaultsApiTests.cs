using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Web.Tests.Api;

/// <summary>Async continuations and retries running through the host's Hangfire, and the operators' fault API, on SQLite.</summary>
public sealed class FaultsApiTests(FaultsApiTests.Setup shared) : IClassFixture<FaultsApiTests.Setup>
{
    private WebHostFactory host => shared.Host;
    private HttpClient client => shared.Client;

    /// <summary>The class's host and people (<see cref="SharedHost"/>).</summary>
    public sealed class Setup : SharedHost
    {
        public HttpClient Client { get; private set; } = null!;

        public override async ValueTask InitializeAsync()
        {
            Client = await SignInAsync();
            using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(Model)), "files", "async.bpmn" } };
            using var deployed = await Client.PostAsync(new Uri("/api/deployments", UriKind.Relative), form, Token);
            deployed.StatusCode.Should().Be(HttpStatusCode.Created);
        }
    }

    // Script tasks need no handler, so the host (which scans only its own assemblies) runs them as they are.
    private const string Model = """
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="x">
          <bpmn:process id="async-greeting" isExecutable="true">
            <bpmn:startEvent id="Start" />
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Greet" />
            <bpmn:scriptTask id="Greet" scriptFormat="javascript" camunda:asyncBefore="true">
              <bpmn:script>execution.setVariable("greeting", "hello");</bpmn:script>
            </bpmn:scriptTask>
            <bpmn:sequenceFlow id="f2" sourceRef="Greet" targetRef="End" />
            <bpmn:endEvent id="End" />
          </bpmn:process>
          <bpmn:process id="ledger-sync" isExecutable="true">
            <bpmn:startEvent id="LedgerStart" />
            <bpmn:sequenceFlow id="f3" sourceRef="LedgerStart" targetRef="Sync" />
            <bpmn:scriptTask id="Sync" scriptFormat="javascript" camunda:asyncBefore="true">
              <bpmn:extensionElements>
                <camunda:failedJobRetryTimeCycle>R1/PT1S</camunda:failedJobRetryTimeCycle>
              </bpmn:extensionElements>
              <bpmn:script>throw new Error("ledger offline");</bpmn:script>
            </bpmn:scriptTask>
            <bpmn:sequenceFlow id="f4" sourceRef="Sync" targetRef="LedgerEnd" />
            <bpmn:endEvent id="LedgerEnd" />
          </bpmn:process>
        </bpmn:definitions>
        """;


    private static CancellationToken Token => TestContext.Current.CancellationToken;


    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement.Clone();

    private async Task<string> StartAsync(string key)
    {
        using var started = await client.PostAsJsonAsync("/api/process-instances", new { key }, Token);
        started.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await JsonAsync(started)).GetProperty("id").GetString()!;
    }

    /// <summary>Polls until <paramref name="done"/> holds for the response of <paramref name="url"/>; Hangfire polls every second.</summary>
    private async Task<JsonElement> PollAsync(string url, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var json = await client.GetFromJsonAsync<JsonElement>(url, Token);
        while (!done(json) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250, Token);
            json = await client.GetFromJsonAsync<JsonElement>(url, Token);
        }

        return json;
    }

    private async Task<JsonElement> OpenFaultAsync(string instanceId)
    {
        var page = await PollAsync($"/api/faults?instanceId={instanceId}", p => p.GetProperty("total").GetInt32() > 0);
        return page.GetProperty("items").EnumerateArray().Single();
    }

    [Fact]
    public async Task An_asyncBefore_script_task_runs_in_a_Hangfire_job_after_the_start_returned()
    {
        var instanceId = await StartAsync("async-greeting");

        var details = await PollAsync($"/api/process-instances/{instanceId}",
            d => d.GetProperty("instance").GetProperty("status").GetString() == "Completed");

        details.GetProperty("instance").GetProperty("status").GetString().Should().Be("Completed");
        details.GetProperty("variables").GetProperty("greeting").GetString().Should().Be("hello");
        details.GetProperty("journal").EnumerateArray().Select(j => j.GetProperty("kind").GetString()).Should().Contain("AsyncContinuationScheduled");
    }

    [Fact]
    public async Task A_script_that_always_fails_is_retried_by_Hangfire_then_listed_as_an_open_fault()
    {
        var instanceId = await StartAsync("ledger-sync");

        var fault = await OpenFaultAsync(instanceId);

        fault.GetProperty("status").GetString().Should().Be("Open");
        fault.GetProperty("elementId").GetString().Should().Be("Sync");
        fault.GetProperty("attempts").GetInt32().Should().Be(2, "the first run and the one retry of R1/PT1S");
        fault.GetProperty("message").GetString().Should().Contain("ledger offline");
        fault.GetProperty("definitionKey").GetString().Should().Be("ledger-sync");
        var all = await client.GetFromJsonAsync<JsonElement>("/api/faults", Token);
        all.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("instanceId").GetString()).Should().Contain(instanceId);
    }

    [Fact]
    public async Task Retrying_a_fault_that_fails_again_starts_its_retries_over()
    {
        var instanceId = await StartAsync("ledger-sync");
        var faultId = (await OpenFaultAsync(instanceId)).GetProperty("id").GetString();

        using var retried = await client.PostAsync(new Uri($"/api/faults/{faultId}/retry", UriKind.Relative), null, Token);

        retried.StatusCode.Should().Be(HttpStatusCode.OK);
        var fault = await JsonAsync(retried);
        fault.GetProperty("status").GetString().Should().Be("Retrying");
        fault.GetProperty("attempts").GetInt32().Should().Be(1);
        var reopened = await OpenFaultAsync(instanceId);
        reopened.GetProperty("id").GetString().Should().Be(faultId);
        reopened.GetProperty("attempts").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task Cancelling_the_instance_of_a_fault_resolves_it_and_a_resolved_fault_is_a_409()
    {
        var instanceId = await StartAsync("ledger-sync");
        var faultId = (await OpenFaultAsync(instanceId)).GetProperty("id").GetString();

        using var cancelled = await client.PostAsync(new Uri($"/api/faults/{faultId}/cancel-instance", UriKind.Relative), null, Token);
        using var retryResolved = await client.PostAsync(new Uri($"/api/faults/{faultId}/retry", UriKind.Relative), null, Token);
        using var unknown = await client.PostAsync(new Uri($"/api/faults/{Guid.NewGuid()}/retry", UriKind.Relative), null, Token);

        cancelled.StatusCode.Should().Be(HttpStatusCode.OK);
        var fault = await JsonAsync(cancelled);
        fault.GetProperty("status").GetString().Should().Be("Resolved");
        fault.GetProperty("resolution").GetString().Should().Be("Instance cancelled by admin");
        var instance = await client.GetFromJsonAsync<JsonElement>($"/api/process-instances/{instanceId}", Token);
        instance.GetProperty("instance").GetProperty("status").GetString().Should().Be("Cancelled");
        var open = await client.GetFromJsonAsync<JsonElement>($"/api/faults?instanceId={instanceId}", Token);
        open.GetProperty("total").GetInt32().Should().Be(0);
        var history = await client.GetFromJsonAsync<JsonElement>($"/api/faults?instanceId={instanceId}&open=false", Token);
        history.GetProperty("items").EnumerateArray().Single().GetProperty("status").GetString().Should().Be("Resolved");
        retryResolved.StatusCode.Should().Be(HttpStatusCode.Conflict);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Agents_may_not_operate_faults_and_bad_paging_is_a_400()
    {
        await host.CreateUserAsync("agent3", "Agent-Pass-123!", Roles.Agent);

        using var agentClient = await host.SignedInAsync("agent3", "Agent-Pass-123!");
        using var agentList = await agentClient.GetAsync(new Uri("/api/faults", UriKind.Relative), Token);
        using var badPaging = await client.GetAsync(new Uri("/api/faults?page=0", UriKind.Relative), Token);

        agentList.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        badPaging.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

}
