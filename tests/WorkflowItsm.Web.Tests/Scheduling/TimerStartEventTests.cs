using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace WorkflowItsm.Web.Tests.Scheduling;

/// <summary>Timer start events become Hangfire jobs when deployed, and go when a newer version drops them.</summary>
public sealed class TimerStartEventTests : IAsyncLifetime
{
    private readonly WebHostFactory host = new();
    private HttpClient client = null!;

    public async ValueTask InitializeAsync()
    {
        client = await host.SignedInAsync();
    }

    private static string Model(string key, string startEvent) => $"""
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="D" targetNamespace="x">
          <bpmn:process id="{key}" isExecutable="true">
            {startEvent}
            <bpmn:userTask id="Drill" name="Run the drill"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
            <bpmn:endEvent id="End"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Drill" />
            <bpmn:sequenceFlow id="f2" sourceRef="Drill" targetRef="End" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private static string TimerStart(string kind, string text) => $"""
        <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing>
          <bpmn:timerEventDefinition><bpmn:{kind} xsi:type="bpmn:tFormalExpression">{text}</bpmn:{kind}></bpmn:timerEventDefinition>
        </bpmn:startEvent>
        """;

    private async Task DeployAsync(string xml)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(xml)), "files", "drill.bpmn" } };
        using var response = await client.PostAsync(new Uri("/api/deployments", UriKind.Relative), form, TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private List<string> RecurringJobIds()
    {
        using var connection = host.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().Select(j => j.Id).ToList();
    }

    [Fact]
    public async Task A_cron_timer_start_is_a_recurring_job_until_a_newer_version_drops_it()
    {
        await DeployAsync(Model("quarterly-drill", TimerStart("timeCycle", "0 3 1 */3 *")));

        RecurringJobIds().Should().Contain("timer-start:quarterly-drill:Start");

        await DeployAsync(Model("quarterly-drill", """<bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>"""));

        RecurringJobIds().Should().NotContain("timer-start:quarterly-drill:Start");
    }

    [Fact]
    public async Task A_repeating_interval_timer_start_starts_instances_through_Hangfire()
    {
        await DeployAsync(Model("frequent-drill", TimerStart("timeCycle", "R2/PT1S")));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        var total = 0;
        while (DateTime.UtcNow < deadline && total < 2)
        {
            var page = await client.GetFromJsonAsync<JsonElement>("/api/process-instances?key=frequent-drill", TestContext.Current.CancellationToken);
            total = page.GetProperty("total").GetInt32();
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }

        total.Should().Be(2, "R2 starts exactly two instances");
        var tasks = await client.GetFromJsonAsync<JsonElement>("/api/tasks?key=frequent-drill", TestContext.Current.CancellationToken);
        tasks.GetProperty("total").GetInt32().Should().Be(2);
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await host.DisposeAsync();
        Directory.Delete(host.Folder, recursive: true);
    }
}
