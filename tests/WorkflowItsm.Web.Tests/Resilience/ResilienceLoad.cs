using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Persistence.PostgreSql;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Web.Tests.Resilience;

/// <summary>
/// The load the resilience tests drive over HTTP: instances of a process with an async service task, a timer, a
/// human task and a call activity (whose child runs an async service task, so the child's last step, which moves
/// the parent on, runs in a job), started under business keys R0…R(n-1) and worked to their end by clients that
/// complete tasks as they appear. Then the end state is checked in the database itself.
/// </summary>
internal sealed class ResilienceLoad(int instanceCount)
{
    public const string ProcessKey = "resilience-load";
    public const string CalledKey = "resilience-review";

    public const string Bpmn = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
            id="ResilienceDefinitions" targetNamespace="http://workflowitsm.test">
          <bpmn:process id="resilience-load" name="Resilience load" isExecutable="true">
            <bpmn:startEvent id="Started"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
            <bpmn:sequenceFlow id="F1" sourceRef="Started" targetRef="Notify" />
            <bpmn:serviceTask id="Notify" name="Notify" camunda:asyncBefore="true" camunda:delegateExpression="${notify.sla-warning}">
              <bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing>
            </bpmn:serviceTask>
            <bpmn:sequenceFlow id="F2" sourceRef="Notify" targetRef="Wait" />
            <bpmn:intermediateCatchEvent id="Wait" name="2 seconds">
              <bpmn:incoming>F2</bpmn:incoming><bpmn:outgoing>F3</bpmn:outgoing>
              <bpmn:timerEventDefinition><bpmn:timeDuration>PT2S</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="F3" sourceRef="Wait" targetRef="Approve" />
            <bpmn:userTask id="Approve" name="Approve" camunda:candidateGroups="service-desk">
              <bpmn:incoming>F3</bpmn:incoming><bpmn:outgoing>F4</bpmn:outgoing>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="F4" sourceRef="Approve" targetRef="Review" />
            <bpmn:callActivity id="Review" name="Review" calledElement="resilience-review">
              <bpmn:extensionElements><camunda:in businessKey="#{execution.processBusinessKey}" /></bpmn:extensionElements>
              <bpmn:incoming>F4</bpmn:incoming><bpmn:outgoing>F5</bpmn:outgoing>
            </bpmn:callActivity>
            <bpmn:sequenceFlow id="F5" sourceRef="Review" targetRef="Done" />
            <bpmn:endEvent id="Done"><bpmn:incoming>F5</bpmn:incoming></bpmn:endEvent>
          </bpmn:process>
          <bpmn:process id="resilience-review" name="Resilience review" isExecutable="true">
            <bpmn:startEvent id="ReviewStarted"><bpmn:outgoing>R1</bpmn:outgoing></bpmn:startEvent>
            <bpmn:sequenceFlow id="R1" sourceRef="ReviewStarted" targetRef="Record" />
            <bpmn:serviceTask id="Record" name="Record" camunda:asyncBefore="true" camunda:delegateExpression="${notify.sla-warning}">
              <bpmn:incoming>R1</bpmn:incoming><bpmn:outgoing>R2</bpmn:outgoing>
            </bpmn:serviceTask>
            <bpmn:sequenceFlow id="R2" sourceRef="Record" targetRef="Reviewed" />
            <bpmn:endEvent id="Reviewed"><bpmn:incoming>R2</bpmn:incoming></bpmn:endEvent>
          </bpmn:process>
        </bpmn:definitions>
        """;

    private int nextToStart = -1;

    /// <summary>Business keys whose start was answered 201.</summary>
    public ConcurrentDictionary<string, bool> Started { get; } = new();

    /// <summary>Completions answered 200, by task id: a task in here twice would be a double completion.</summary>
    public ConcurrentDictionary<string, int> CompletedByUs { get; } = new();

    /// <summary>Completions answered 409 because another client (or host) completed the task first.</summary>
    public int Conflicts => conflicts;

    private int conflicts;

    public static string BusinessKey(int i) => $"R{i}";

    public static async Task DeployAsync(HttpClient client)
    {
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(Bpmn));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        content.Add(file, "files", "resilience-load.bpmn");
        using var response = await client.PostAsync(new Uri("/api/deployments", UriKind.Relative), content);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Starts instances until all are started or <paramref name="stop"/> fires; a request cut off by a dying host is left to <see cref="StartMissingAsync"/>.</summary>
    public async Task StartAsync(HttpClient client, CancellationToken stop)
    {
        int i;
        while (!stop.IsCancellationRequested && (i = Interlocked.Increment(ref nextToStart)) < instanceCount)
        {
            try
            {
                using var response = await client.PostAsJsonAsync(new Uri("/api/process-instances", UriKind.Relative),
                    new { key = ProcessKey, businessKey = BusinessKey(i) }, CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    Started[BusinessKey(i)] = true;
                }
            }
            catch (HttpRequestException)
            {
                // The host died under this request: whether it committed is found out after the restart.
            }
        }
    }

    /// <summary>
    /// Starts the instances that do not exist (never requested, or requested when the host died before committing),
    /// spread over <paramref name="clients"/>.
    /// </summary>
    public async Task StartMissingAsync(IReadOnlyList<HttpClient> clients, IReadOnlySet<string> existing)
    {
        var missing = new ConcurrentQueue<string>(Enumerable.Range(0, instanceCount).Select(BusinessKey).Where(key => !existing.Contains(key)));
        await Task.WhenAll(clients.Select(async client =>
        {
            while (missing.TryDequeue(out var key))
            {
                using var response = await client.PostAsJsonAsync(new Uri("/api/process-instances", UriKind.Relative), new { key = ProcessKey, businessKey = key });
                response.StatusCode.Should().Be(HttpStatusCode.Created);
                Started[key] = true;
            }
        }));
    }

    /// <summary>
    /// Completes open tasks of the process until <paramref name="stop"/> fires. With <paramref name="racing"/>, every
    /// client goes through the same page in the same order, so completions of one task collide.
    /// </summary>
    public async Task CompleteTasksAsync(HttpClient client, bool racing, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var page = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/tasks?key={ProcessKey}&pageSize=50", UriKind.Relative), CancellationToken.None);
                var ids = page.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetString()!).ToList();
                if (!racing)
                {
                    ids = [.. ids.OrderBy(_ => Random.Shared.Next())];
                }

                foreach (var id in ids)
                {
                    using var response = await client.PostAsJsonAsync(new Uri($"/api/tasks/{id}/complete", UriKind.Relative), new { }, CancellationToken.None);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        CompletedByUs.AddOrUpdate(id, 1, (_, count) => count + 1);
                    }
                    else
                    {
                        response.StatusCode.Should().Be(HttpStatusCode.Conflict, "a task another client completed first answers 409");
                        Interlocked.Increment(ref conflicts);
                    }
                }

                if (ids.Count == 0)
                {
                    await Task.Delay(200, CancellationToken.None);
                }
            }
            catch (HttpRequestException)
            {
                // The host died under this client.
                return;
            }
        }
    }

    /// <summary>Business keys of the instances the database holds.</summary>
    public static async Task<HashSet<string>> ExistingBusinessKeysAsync(string connectionString)
    {
        await using var db = CreateDbContext(connectionString);
        return [.. await db.ProcessInstances.Where(i => i.DefinitionKey == ProcessKey).Select(i => i.BusinessKey!).ToListAsync()];
    }

    /// <summary>Waits until every instance of the process has completed, or the time is up; returns how many have.</summary>
    public async Task<int> WaitForAllCompletedAsync(string connectionString, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        int completed;
        do
        {
            await using var db = CreateDbContext(connectionString);
            completed = await db.ProcessInstances.CountAsync(i => i.DefinitionKey == ProcessKey && i.Status == InstanceRunStatus.Completed);
            if (completed >= instanceCount)
            {
                break;
            }

            await Task.Delay(500);
        }
        while (DateTime.UtcNow < deadline);

        return completed;
    }

    /// <summary>What the instances that have not completed are waiting for, for a failure message.</summary>
    public static async Task<string> DescribeUnfinishedAsync(string connectionString)
    {
        await using var db = CreateDbContext(connectionString);
        var unfinished = await db.ProcessInstances.AsNoTracking()
            .Where(i => i.DefinitionKey == ProcessKey && i.Status != InstanceRunStatus.Completed)
            .Select(i => new
            {
                i.Id, i.BusinessKey, i.Status, i.ActiveElements, i.FaultMessage,
                Bookmarks = db.Bookmarks.Where(b => b.InstanceId == i.Id).Select(b => b.Kind + ":" + b.ElementId + " due " + b.DueAt + " job " + b.JobId + " created " + b.CreatedAt).ToList(),
                Tasks = db.HumanTasks.Where(t => t.InstanceId == i.Id).Select(t => t.Id + " " + t.Status).ToList(),
            })
            .Take(10)
            .ToListAsync();
        return string.Join(Environment.NewLine, unfinished.Select(i =>
            $"{i.BusinessKey} {i.Id} {i.Status} at [{i.ActiveElements}] fault {i.FaultMessage}; bookmarks [{string.Join("; ", i.Bookmarks)}]; tasks [{string.Join("; ", i.Tasks)}]"));
    }

    /// <summary>The end state every instance must reach, whatever happened to the hosts on the way.</summary>
    public async Task AssertEndStateAsync(string connectionString)
    {
        await using var db = CreateDbContext(connectionString);
        var instances = await db.ProcessInstances.AsNoTracking().Where(i => i.DefinitionKey == ProcessKey)
            .Select(i => new { i.Id, i.BusinessKey, i.Status }).ToListAsync();
        instances.Select(i => i.BusinessKey).Should().OnlyHaveUniqueItems("no instance was started twice")
            .And.BeEquivalentTo(Enumerable.Range(0, instanceCount).Select(BusinessKey), "none is missing");
        instances.Should().OnlyContain(i => i.Status == InstanceRunStatus.Completed, "every instance reaches its end");

        var ids = instances.Select(i => i.Id).ToList();
        var journal = await db.Journal.AsNoTracking().Where(j => ids.Contains(j.InstanceId))
            .GroupBy(j => new { j.InstanceId, j.Kind, j.ElementId }).Select(g => new { g.Key.InstanceId, g.Key.Kind, g.Key.ElementId, Count = g.Count() })
            .ToListAsync();
        int Count(string kind, string element) => journal.Count(j => j.Kind == kind && j.ElementId == element && j.Count == 1);
        journal.Where(j => j.Kind is "ElementCompleted" or "TimerFired" or "TaskCompleted" && j.Count > 1).Should().BeEmpty("nothing runs to its end twice");
        Count("ElementCompleted", "Notify").Should().Be(instanceCount, "the async service task ran to its end once in every instance");
        Count("TimerFired", "Wait").Should().Be(instanceCount, "no timer was lost");
        Count("ElementCompleted", "Approve").Should().Be(instanceCount, "every human task was completed once");

        Count("ElementCompleted", "Review").Should().Be(instanceCount, "every call activity was answered once");

        var children = await db.ProcessInstances.AsNoTracking().Where(i => i.DefinitionKey == CalledKey)
            .Select(i => new { i.Id, i.ParentInstanceId, i.Status }).ToListAsync();
        children.Select(c => c.ParentInstanceId).Should().OnlyHaveUniqueItems("no call activity started two children")
            .And.BeEquivalentTo(ids, "every instance called its child");
        children.Should().OnlyContain(c => c.Status == InstanceRunStatus.Completed, "every child reaches its end");
        var childIds = children.Select(c => c.Id).ToList();
        (await db.Journal.CountAsync(j => childIds.Contains(j.InstanceId) && j.Kind == "ElementCompleted" && j.ElementId == "Record"))
            .Should().Be(instanceCount, "each child's async service task ran to its end once");
        (await db.Bookmarks.CountAsync(b => childIds.Contains(b.InstanceId))).Should().Be(0, "no child left a wait state behind");

        var tasks = await db.HumanTasks.AsNoTracking().Where(t => ids.Contains(t.InstanceId)).Select(t => new { t.Id, t.InstanceId, t.Status }).ToListAsync();
        tasks.Should().HaveCount(instanceCount, "one task per instance").And.OnlyContain(t => t.Status == HumanTaskStatus.Completed);
        CompletedByUs.Values.Should().OnlyContain(count => count == 1, "no task answered 200 to two completions");
        (await db.Bookmarks.CountAsync(b => ids.Contains(b.InstanceId))).Should().Be(0, "no wait state is left behind");
    }

    private static ItsmDbContext CreateDbContext(string connectionString)
    {
        var options = new DbContextOptionsBuilder<ItsmDbContext>();
        new PostgreSqlDatabaseProvider().ConfigureDbContext(options, connectionString);
        return new ItsmDbContext(options.Options);
    }
}
