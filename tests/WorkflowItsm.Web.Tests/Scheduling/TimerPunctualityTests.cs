using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Web.Tests.Scheduling;

/// <summary>
/// BPMN timers through the real Hangfire server are never early: timers at sub-second offsets (Hangfire keeps
/// scheduled moments in whole seconds) each fire at or after their due moment; the lateness is printed.
/// </summary>
public sealed class TimerPunctualityTests : IAsyncLifetime
{
    private const int Timers = 16;
    private readonly WebHostFactory host = new();
    private HttpClient client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        client = await host.SignedInAsync();
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await host.DisposeAsync();
    }

    private const string Model = """
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="D" targetNamespace="x">
          <bpmn:process id="punctual" isExecutable="true">
            <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
            <bpmn:intermediateCatchEvent id="Wait"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
              <bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${delay}</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            <bpmn:userTask id="AfterTimer" name="After the timer"><bpmn:incoming>f2</bpmn:incoming></bpmn:userTask>
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Wait" />
            <bpmn:sequenceFlow id="f2" sourceRef="Wait" targetRef="AfterTimer" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    [Fact]
    public async Task Timers_at_sub_second_offsets_never_fire_before_their_due_moment()
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(Model)), "files", "punctual.bpmn" } };
        using (var deployed = await client.PostAsync(new Uri("/api/deployments", UriKind.Relative), form, Ct))
        {
            deployed.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        // 1.05 s, 1.17 s, ... : due moments spread over every part of a second.
        var due = new Dictionary<string, DateTime>();
        for (var i = 0; i < Timers; i++)
        {
            var delay = string.Create(CultureInfo.InvariantCulture, $"PT{1.05 + i * 0.12:0.00}S");
            using var started = await client.PostAsJsonAsync("/api/process-instances", new { key = "punctual", variables = new { delay } }, Ct);
            started.StatusCode.Should().Be(HttpStatusCode.Created);
            var id = (await started.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
            due[id] = await InDbAsync(db => db.Bookmarks.Where(b => b.InstanceId == id && b.Kind == "Timer").Select(b => b.DueAt!.Value).SingleAsync(Ct));
        }

        var fired = new Dictionary<string, DateTime>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (fired.Count < Timers && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250, Ct);
            var ids = due.Keys.ToList();
            fired = await InDbAsync(db => db.Journal.Where(j => ids.Contains(j.InstanceId) && j.Kind == "TimerFired").ToDictionaryAsync(j => j.InstanceId, j => j.At, Ct));
        }

        fired.Should().HaveCount(Timers, "every timer fired within a minute");
        var lateness = fired.Select(f => (f.Value - due[f.Key]).TotalMilliseconds).Order().ToList();
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"Timer lateness over {Timers} timers: min {lateness[0]:0} ms, median {lateness[Timers / 2]:0} ms, max {lateness[^1]:0} ms");
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        Console.WriteLine(summary);
        lateness.Should().OnlyContain(ms => ms >= 0, "a timer never fires before its due moment");
    }

    private async Task<T> InDbAsync<T>(Func<WorkflowDbContext, Task<T>> query)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<WorkflowDbContext>());
    }
}
