using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Runtime.Timers;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Persistence.PostgreSql.Tests;

/// <summary>
/// On PostgreSQL a completion deletes the bookmarks it removes without reading them first, in the command that writes
/// its journal; the deleted rows tell which timer jobs to cancel after the commit.
/// </summary>
public sealed class CompletionOnPostgreSqlTests(PostgreSqlServer server) : IAsyncLifetime
{
    private const string TaskWithTimer = """
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Definitions" targetNamespace="http://workflowitsm.test">
          <bpmn:process id="task-with-timer" isExecutable="true">
            <bpmn:startEvent id="Start" />
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work" />
            <bpmn:userTask id="Work" />
            <bpmn:boundaryEvent id="Late" attachedToRef="Work">
              <bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="Work" targetRef="Done" />
            <bpmn:endEvent id="Done" />
            <bpmn:sequenceFlow id="f3" sourceRef="Late" targetRef="TooLate" />
            <bpmn:endEvent id="TooLate" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private readonly RecordingTimers timers = new();
    private ServiceProvider services = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        (services, _) = await RuntimeOnPostgreSql.StartWithConnectionAsync(server, "complete", timers);
        await services.DeployAsync(new BpmnFile("task-with-timer.bpmn", TaskWithTimer));
    }

    private Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action) => services.InScopeAsync(action);

    private async Task<(string InstanceId, string TaskId)> StartAsync()
    {
        var instance = await InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().StartAsync(new StartProcessCommand("task-with-timer"), Ct));
        var taskId = await InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().HumanTasks.Where(t => t.InstanceId == instance.Id).Select(t => t.Id).SingleAsync(Ct));
        return (instance.Id, taskId);
    }

    private Task<ProcessInstanceRecord> CompleteAsync(string taskId) =>
        InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().CompleteTaskAsync(taskId, new Dictionary<string, object?>(), "bo", Ct));

    private Task<List<BookmarkRecord>> BookmarksAsync(string instanceId) =>
        InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().Bookmarks.AsNoTracking().Where(b => b.InstanceId == instanceId).ToListAsync(Ct));

    [Fact]
    public async Task Completing_a_task_deletes_its_wait_and_its_timer_and_cancels_the_timers_job()
    {
        var (instanceId, taskId) = await StartAsync();
        var timer = (await BookmarksAsync(instanceId)).Single(b => b.Kind == "Timer");
        timer.JobId.Should().NotBeNull("a minute away, the timer is within the horizon and has its job");

        var completed = await CompleteAsync(taskId);

        completed.Status.Should().Be(InstanceRunStatus.Completed);
        (await BookmarksAsync(instanceId)).Should().BeEmpty();
        timers.Cancelled.Should().Equal([timer.JobId], "the deleted timer row named its job");
        var lines = await InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().Journal.Where(j => j.InstanceId == instanceId).Select(j => j.Kind).ToListAsync(Ct));
        lines.Should().Contain("TaskCompleted", "the journal went in the same command as the delete");
    }

    [Fact]
    public async Task A_timer_row_already_gone_is_no_error_and_no_job_is_cancelled()
    {
        var (instanceId, taskId) = await StartAsync();
        await InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().Bookmarks.Where(b => b.InstanceId == instanceId && b.Kind == "Timer").ExecuteDeleteAsync(Ct));

        var completed = await CompleteAsync(taskId);

        completed.Status.Should().Be(InstanceRunStatus.Completed);
        (await BookmarksAsync(instanceId)).Should().BeEmpty();
        timers.Cancelled.Should().BeEmpty();
    }

    public async ValueTask DisposeAsync() => await services.DisposeAsync();

    private sealed class RecordingTimers : ITimerScheduler
    {
        private int count;

        public ConcurrentQueue<string> Cancelled { get; } = new();

        public string Schedule(string bookmarkId, DateTimeOffset due) => $"timer-{Interlocked.Increment(ref count)}";

        public void Cancel(string jobId) => Cancelled.Enqueue(jobId);
    }
}
