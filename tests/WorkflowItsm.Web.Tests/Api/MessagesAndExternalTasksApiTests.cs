using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace WorkflowItsm.Web.Tests.Api;

/// <summary>Messages, signals and external tasks through the HTTP API, on SQLite (needs the migration with the bookmark lock columns).</summary>
public sealed class MessagesAndExternalTasksApiTests : IAsyncLifetime
{
    /// <summary>Waits for a payment message, then charges through an external worker, then ends.</summary>
    private const string Model = """
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="x">
          <bpmn:message id="Msg_Payment" name="payment-received" />
          <bpmn:signal id="Sig_Freeze" name="change-freeze" />
          <bpmn:process id="api-order" isExecutable="true">
            <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
            <bpmn:receiveTask id="WaitForPayment" messageRef="Msg_Payment"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:receiveTask>
            <bpmn:intermediateCatchEvent id="Freeze"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing><bpmn:signalEventDefinition signalRef="Sig_Freeze" /></bpmn:intermediateCatchEvent>
            <bpmn:serviceTask id="Charge" camunda:type="external" camunda:topic="api-payments"><bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing></bpmn:serviceTask>
            <bpmn:endEvent id="End"><bpmn:incoming>f4</bpmn:incoming></bpmn:endEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="WaitForPayment" />
            <bpmn:sequenceFlow id="f2" sourceRef="WaitForPayment" targetRef="Freeze" />
            <bpmn:sequenceFlow id="f3" sourceRef="Freeze" targetRef="Charge" />
            <bpmn:sequenceFlow id="f4" sourceRef="Charge" targetRef="End" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private readonly WebHostFactory host = new();
    private HttpClient client = null!;

    public async ValueTask InitializeAsync()
    {
        client = await host.SignedInAsync();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(Model)), "files", "api-order.bpmn" } };
        using var deployed = await client.PostAsync(new Uri("/api/deployments", UriKind.Relative), form, TestContext.Current.CancellationToken);
        deployed.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();

    private async Task<string> StartOrderAsync(string businessKey)
    {
        using var response = await client.PostAsJsonAsync("/api/process-instances", new { key = "api-order", businessKey }, TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await JsonAsync(response)).GetProperty("id").GetString()!;
    }

    private async Task<string[]> ActiveElementsAsync(string instanceId)
    {
        var details = await client.GetFromJsonAsync<JsonElement>($"/api/process-instances/{instanceId}", TestContext.Current.CancellationToken);
        return details.GetProperty("instance").GetProperty("activeElements").EnumerateArray().Select(e => e.GetString()!).ToArray();
    }

    [Fact]
    public async Task Message_signal_and_external_task_move_an_order_to_its_end()
    {
        var instanceId = await StartOrderAsync("ORD-9");

        using var message = await client.PostAsJsonAsync("/api/messages",
            new { messageName = "payment-received", correlationKey = "ORD-9", variables = new { amount = 42 } }, TestContext.Current.CancellationToken);
        message.StatusCode.Should().Be(HttpStatusCode.OK);
        (await JsonAsync(message)).GetProperty("correlatedInstanceIds").EnumerateArray().Select(e => e.GetString()).Should().Equal(instanceId);
        using var signal = await client.PostAsJsonAsync("/api/signals", new { signalName = "change-freeze" }, TestContext.Current.CancellationToken);
        signal.StatusCode.Should().Be(HttpStatusCode.OK);
        (await JsonAsync(signal)).GetProperty("count").GetInt32().Should().Be(1);
        using var fetch = await client.PostAsJsonAsync("/api/external-tasks/fetch-and-lock",
            new { workerId = "payments-1", topics = new[] { "api-payments" }, maxTasks = 5, lockDurationMs = 60_000 }, TestContext.Current.CancellationToken);
        fetch.StatusCode.Should().Be(HttpStatusCode.OK);
        var task = (await JsonAsync(fetch)).EnumerateArray().Should().ContainSingle().Subject;
        task.GetProperty("variables").GetProperty("amount").GetInt32().Should().Be(42);
        var taskId = task.GetProperty("id").GetString();

        using var byOther = await client.PostAsJsonAsync($"/api/external-tasks/{taskId}/complete", new { workerId = "payments-2" }, TestContext.Current.CancellationToken);
        using var byOwner = await client.PostAsJsonAsync($"/api/external-tasks/{taskId}/complete",
            new { workerId = "payments-1", variables = new { chargeId = "ch_9" } }, TestContext.Current.CancellationToken);

        byOther.StatusCode.Should().Be(HttpStatusCode.Conflict);
        byOwner.StatusCode.Should().Be(HttpStatusCode.OK);
        (await JsonAsync(byOwner)).GetProperty("instanceStatus").GetString().Should().Be("Completed");
        (await ActiveElementsAsync(instanceId)).Should().BeEmpty();
    }

    [Fact]
    public async Task An_unknown_message_is_a_404_and_a_missing_name_a_400_naming_the_field()
    {
        using var unknown = await client.PostAsJsonAsync("/api/messages", new { messageName = "no-such-message", correlationKey = "X-1" }, TestContext.Current.CancellationToken);
        using var nameless = await client.PostAsJsonAsync("/api/messages", new { correlationKey = "X-1" }, TestContext.Current.CancellationToken);

        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await JsonAsync(unknown)).GetProperty("detail").GetString().Should()
            .Be("No process instance waits for message 'no-such-message' with correlation key 'X-1', and no process starts with it.");
        nameless.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await JsonAsync(nameless)).GetProperty("errors").TryGetProperty("messageName", out _).Should().BeTrue();
    }

    [Fact]
    public async Task A_message_sent_before_its_receiver_waits_is_buffered_with_202_and_delivered_on_arrival()
    {
        using var early = await client.PostAsJsonAsync("/api/messages",
            new { messageName = "payment-received", correlationKey = "ORD-11", bufferFor = "PT5M" }, TestContext.Current.CancellationToken);
        using var badDuration = await client.PostAsJsonAsync("/api/messages",
            new { messageName = "payment-received", correlationKey = "ORD-11", bufferFor = "five minutes" }, TestContext.Current.CancellationToken);
        using var tooLong = await client.PostAsJsonAsync("/api/messages",
            new { messageName = "payment-received", correlationKey = "ORD-11", bufferFor = "P30D" }, TestContext.Current.CancellationToken);

        early.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await JsonAsync(early)).GetProperty("bufferedUntil").GetDateTime().Should().BeAfter(DateTime.UtcNow.AddMinutes(4));
        badDuration.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await JsonAsync(badDuration)).GetProperty("errors").TryGetProperty("bufferFor", out _).Should().BeTrue();
        tooLong.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var instanceId = await StartOrderAsync("ORD-11");
        (await ActiveElementsAsync(instanceId)).Should().NotContain("WaitForPayment", "the buffered payment was delivered as the order began to wait");
    }

    [Fact]
    public async Task A_failure_without_retries_shows_on_the_instance_and_bad_requests_name_their_fields()
    {
        var instanceId = await StartOrderAsync("ORD-10");
        using var paid = await client.PostAsJsonAsync("/api/messages", new { messageName = "payment-received", correlationKey = "ORD-10" }, TestContext.Current.CancellationToken);
        using var frozen = await client.PostAsJsonAsync("/api/signals", new { signalName = "change-freeze" }, TestContext.Current.CancellationToken);
        paid.StatusCode.Should().Be(HttpStatusCode.OK);
        frozen.StatusCode.Should().Be(HttpStatusCode.OK);

        using var fetch = await client.PostAsJsonAsync("/api/external-tasks/fetch-and-lock",
            new { workerId = "payments-1", topics = new[] { "api-payments" }, maxTasks = 1, lockDurationMs = 60_000 }, TestContext.Current.CancellationToken);
        var taskId = (await JsonAsync(fetch)).EnumerateArray().Single().GetProperty("id").GetString();
        using var badFetch = await client.PostAsJsonAsync("/api/external-tasks/fetch-and-lock", new { topics = Array.Empty<string>(), maxTasks = 0 }, TestContext.Current.CancellationToken);
        using var failed = await client.PostAsJsonAsync($"/api/external-tasks/{taskId}/failure",
            new { workerId = "payments-1", errorMessage = "Processor down", retries = 0 }, TestContext.Current.CancellationToken);

        badFetch.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await JsonAsync(badFetch)).GetProperty("errors");
        errors.TryGetProperty("workerId", out _).Should().BeTrue();
        errors.TryGetProperty("topics", out _).Should().BeTrue();
        errors.TryGetProperty("maxTasks", out _).Should().BeTrue();
        errors.TryGetProperty("lockDurationMs", out _).Should().BeTrue();
        failed.StatusCode.Should().Be(HttpStatusCode.OK);
        var details = await client.GetFromJsonAsync<JsonElement>($"/api/process-instances/{instanceId}", TestContext.Current.CancellationToken);
        details.GetProperty("instance").GetProperty("faultElementId").GetString().Should().Be("Charge");
        details.GetProperty("instance").GetProperty("faultMessage").GetString().Should().Contain("Processor down");
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await host.DisposeAsync();
        Directory.Delete(host.Folder, recursive: true);
    }

    private const string ConditionalStartModel = """
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="D" targetNamespace="x">
          <bpmn:process id="api-cooling" isExecutable="true">
            <bpmn:startEvent id="TooHot">
              <bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">${temperature > 30}</bpmn:condition></bpmn:conditionalEventDefinition>
            </bpmn:startEvent>
            <bpmn:userTask id="CoolDown" />
            <bpmn:endEvent id="End" />
            <bpmn:sequenceFlow id="f1" sourceRef="TooHot" targetRef="CoolDown" />
            <bpmn:sequenceFlow id="f2" sourceRef="CoolDown" targetRef="End" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    [Fact]
    public async Task Conditions_start_the_process_whose_conditional_start_event_holds_and_an_unknown_process_is_a_404()
    {
        var ct = TestContext.Current.CancellationToken;
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(ConditionalStartModel)), "files", "api-cooling.bpmn" } };
        using var deployed = await client.PostAsync(new Uri("/api/deployments", UriKind.Relative), form, ct);
        deployed.StatusCode.Should().Be(HttpStatusCode.Created, "a process-level conditional start event deploys");

        using var mild = await client.PostAsJsonAsync("/api/conditions", new { variables = new { temperature = 20 } }, ct);
        using var hot = await client.PostAsJsonAsync("/api/conditions", new { variables = new { temperature = 35 }, businessKey = "ROOM-4" }, ct);
        using var unknown = await client.PostAsJsonAsync("/api/conditions", new { variables = new { temperature = 35 }, processKey = "no-such-process" }, ct);

        mild.StatusCode.Should().Be(HttpStatusCode.OK);
        (await JsonAsync(mild)).GetProperty("startedInstanceIds").GetArrayLength().Should().Be(0);
        hot.StatusCode.Should().Be(HttpStatusCode.OK);
        var instanceId = (await JsonAsync(hot)).GetProperty("startedInstanceIds").EnumerateArray().Should().ContainSingle().Subject.GetString();
        (await ActiveElementsAsync(instanceId!)).Should().Equal("CoolDown");
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await JsonAsync(unknown)).GetProperty("detail").GetString().Should().Contain("no-such-process");
    }
}
