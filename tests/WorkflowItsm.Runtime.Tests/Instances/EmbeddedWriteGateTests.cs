using System.Collections.Concurrent;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Runtime.Timers;

namespace WorkflowItsm.Runtime.Tests.Instances;

/// <summary>
/// On the embedded SQLite database the triggers of a process queue for one writer at a time, but only from their first
/// write: reading the instance and running the engine (its scripts and handlers) go on beside the other triggers'
/// writes. What the trigger writes still commits whole or not at all, and work planned before its first write still
/// waits for its commit.
/// </summary>
public sealed class EmbeddedWriteGateTests : IAsyncLifetime
{
    private const string Held = """
        <bpmn:process id="held-before-writing" isExecutable="true">
          <bpmn:startEvent id="Start" />
          <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Call" />
          <bpmn:serviceTask id="Call" camunda:delegateExpression="${test.held-until-released}" />
          <bpmn:sequenceFlow id="f2" sourceRef="Call" targetRef="Wait" />
          <bpmn:userTask id="Wait" />
        </bpmn:process>
        """;

    private const string Quick = """
        <bpmn:process id="quick" isExecutable="true">
          <bpmn:startEvent id="Start" />
          <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Wait" />
          <bpmn:userTask id="Wait" />
        </bpmn:process>
        """;

    private const string PlansAJob = """
        <bpmn:process id="plans-a-job" isExecutable="true">
          <bpmn:startEvent id="Start" />
          <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Plan" />
          <bpmn:serviceTask id="Plan" camunda:delegateExpression="${test.plans-a-job}" />
          <bpmn:sequenceFlow id="f2" sourceRef="Plan" targetRef="Wait" />
          <bpmn:userTask id="Wait" />
        </bpmn:process>
        """;

    private readonly RecordingJobClient jobClient = new();
    private RuntimeTestHost host = null!;

    public async ValueTask InitializeAsync()
    {
        // A file, so that the concurrent triggers each have a connection of their own, as in the product.
        host = await RuntimeTestHost.StartAsync(shareable: true, configure: services => services.AddSingleton<IBackgroundJobClient>(jobClient));
        await host.DeployAsync(RuntimeTestHost.Bpmn("", Held));
        await host.DeployAsync(RuntimeTestHost.Bpmn("", Quick));
        await host.DeployAsync(RuntimeTestHost.Bpmn("", PlansAJob));
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task A_trigger_whose_handler_is_still_running_before_any_write_holds_up_no_other_trigger()
    {
        var ct = TestContext.Current.CancellationToken;
        HeldUntilReleased.Reset();
        var held = Task.Run(() => host.StartProcessAsync("held-before-writing", "held"), ct);
        await HeldUntilReleased.Entered.Task.WaitAsync(TimeSpan.FromSeconds(20), ct);

        // While the first trigger's handler runs, another instance starts, writes and commits.
        var quick = await host.StartProcessAsync("quick", "quick").WaitAsync(TimeSpan.FromSeconds(20), ct);
        held.IsCompleted.Should().BeFalse("the first trigger is still in its handler");

        HeldUntilReleased.Release.SetResult();
        var heldInstance = await held.WaitAsync(TimeSpan.FromSeconds(20), ct);

        (await host.InstanceAsync(quick.Id)).ActiveElements.Should().Be("Wait");
        (await host.InstanceAsync(heldInstance.Id)).ActiveElements.Should().Be("Wait", "the held trigger wrote and committed after the other one");
        (await host.OpenTaskIdAsync(heldInstance.Id)).Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Many_concurrent_triggers_on_one_file_all_commit()
    {
        var ct = TestContext.Current.CancellationToken;
        var started = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(() => host.StartProcessAsync("quick", $"q-{i}"), ct)));
        var completed = await Task.WhenAll(started.Select(instance => Task.Run(async () =>
        {
            var taskId = await host.OpenTaskIdAsync(instance.Id);
            return await host.RuntimeAsync(r => r.CompleteTaskAsync(taskId, null, "bo", default));
        }, ct)));

        completed.Should().OnlyContain(instance => instance.Status == InstanceRunStatus.Completed);
        (await host.InstancesOfAsync("quick")).Should().HaveCount(24).And.OnlyContain(instance => instance.Status == InstanceRunStatus.Completed);
    }

    [Fact]
    public async Task A_job_a_handler_plans_before_the_triggers_first_write_waits_for_its_commit()
    {
        PlanningHandler.Planned.Clear();

        var instance = await host.StartProcessAsync("plans-a-job", "plans");

        PlanningHandler.Planned.Should().ContainSingle().Which.Should().BeNull("the trigger's transaction opened for the job, which then waited for the commit");
        jobClient.Created.Should().ContainSingle(created => Equals(created.Job.Args[0], "planned-by-handler"), "it was handed over once the trigger committed");
        (await host.InstanceAsync(instance.Id)).ActiveElements.Should().Be("Wait");
    }

    [Fact]
    public async Task Consecutive_and_concurrent_triggers_on_one_file_write_through_one_connection_kept_open()
    {
        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < 3; i++)
        {
            await host.StartProcessAsync("quick", $"one-after-another-{i}");
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => host.StartProcessAsync("quick", $"at-once-{i}"), ct)));

        var writer = await WriterAsync();
        writer.Opened.Should().Be(1, "every trigger wrote through the same connection");
        writer.IsOpen.Should().BeTrue("the writer stays open between triggers");
        (await host.InstancesOfAsync("quick")).Should().HaveCount(11).And.OnlyContain(instance => instance.ActiveElements == "Wait");
    }

    [Fact]
    public async Task After_its_trigger_a_context_is_back_on_a_connection_of_its_own_and_can_read_and_write_again()
    {
        var ct = TestContext.Current.CancellationToken;
        await host.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<WorkflowDbContext>();
            var runtime = services.GetRequiredService<WorkflowRuntime>();
            var connectionString = db.Database.GetConnectionString();

            var instance = await runtime.StartAsync(new StartProcessCommand("quick", BusinessKey: "same-scope"), ct);

            db.Database.GetConnectionString().Should().Be(connectionString);
            db.Database.GetDbConnection().State.Should().Be(System.Data.ConnectionState.Closed,
                "the context's own connection is closed between uses; the writer's, which it wrote through, stays open");
            var taskId = await db.HumanTasks.Where(t => t.InstanceId == instance.Id).Select(t => t.Id).SingleAsync(ct);
            (await runtime.CompleteTaskAsync(taskId, null, "bo", ct)).Status.Should().Be(InstanceRunStatus.Completed);
            EmbeddedWriter.For(db).Opened.Should().Be(1);
        });
    }

    [Fact]
    public async Task A_trigger_that_rolls_back_leaves_nothing_written_and_the_next_trigger_opens_the_writer_afresh()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await host.StartProcessAsync("quick", "kept");
        var writer = await WriterAsync();

        await host.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<WorkflowDbContext>();
            await using var transaction = await TriggerTransaction.BeginAsync(db, ct);
            var instance = await db.ProcessInstances.SingleAsync(i => i.Id == first.Id, ct);
            instance.BusinessKey = "changed";
            await db.SaveChangesAsync(ct);
            db.Database.GetDbConnection().State.Should().Be(System.Data.ConnectionState.Open, "the save went through the writer, in the trigger's transaction");

            // Disposed without a commit: the trigger failed.
        });

        (await host.InstanceAsync(first.Id)).BusinessKey.Should().Be("kept", "the save rolled back");
        writer.IsOpen.Should().BeFalse("a trigger that rolled back drops the writer's connection");

        var second = await host.StartProcessAsync("quick", "after");
        (await host.InstanceAsync(second.Id)).ActiveElements.Should().Be("Wait");
        writer.Opened.Should().Be(2);
        writer.IsOpen.Should().BeTrue();
    }

    [Fact]
    public async Task An_idle_writer_closes_its_connection_and_the_next_trigger_opens_it_again()
    {
        await host.StartProcessAsync("quick", "before-idle");
        var writer = await WriterAsync();

        writer.CloseIfIdle(TimeSpan.FromMinutes(1));
        writer.IsOpen.Should().BeTrue("it was used a moment ago");
        writer.CloseIfIdle(TimeSpan.Zero);
        writer.IsOpen.Should().BeFalse();

        var instance = await host.StartProcessAsync("quick", "after-idle");
        (await host.InstanceAsync(instance.Id)).ActiveElements.Should().Be("Wait");
        writer.Opened.Should().Be(2);
    }

    [Fact]
    public async Task A_context_handed_its_own_connection_writes_through_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var inMemory = await RuntimeTestHost.StartAsync();
        await inMemory.DeployAsync(RuntimeTestHost.Bpmn("", Quick));
        await inMemory.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<WorkflowDbContext>();
            var own = db.Database.GetDbConnection();

            var instance = await services.GetRequiredService<WorkflowRuntime>().StartAsync(new StartProcessCommand("quick", BusinessKey: "in-memory"), ct);

            db.Database.GetDbConnection().Should().BeSameAs(own, "an in-memory database exists only in the connection that made it");
            EmbeddedWriter.For(db).LendsTo(db).Should().BeFalse();
            (await db.ProcessInstances.CountAsync(i => i.Id == instance.Id, ct)).Should().Be(1);
        });
    }

    private Task<EmbeddedWriter> WriterAsync() =>
        host.InScopeAsync(services => Task.FromResult(EmbeddedWriter.For(services.GetRequiredService<WorkflowDbContext>())));

    /// <summary>Hangfire's client as the jobs port sees it, recording what it is handed.</summary>
    private sealed class RecordingJobClient : IBackgroundJobClient
    {
        public ConcurrentQueue<(string Id, Job Job, IState State)> Created { get; } = new();

        public string Create(Job job, IState state)
        {
            var id = $"hangfire-{Created.Count + 1}";
            Created.Enqueue((id, job, state));
            return id;
        }

        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }
}

/// <summary>Tells the test it has been entered, then waits until the test releases it.</summary>
[ServiceTask("test.held-until-released")]
public sealed class HeldUntilReleased : IServiceTaskHandler
{
    public static TaskCompletionSource Entered { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public static TaskCompletionSource Release { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static void Reset()
    {
        Entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        Entered.TrySetResult();
        await Release.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return ServiceTaskResult.Empty;
    }
}

/// <summary>Plans a job before the trigger has written anything, and records the id the port returned (null: it waits for the commit).</summary>
[ServiceTask("test.plans-a-job")]
public sealed class PlanningHandler(IJobs jobs) : IServiceTaskHandler
{
    public static ConcurrentQueue<string?> Planned { get; } = new();

    public ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        Planned.Enqueue(jobs.Enqueue<TimerJob>(job => job.FireAsync("planned-by-handler", CancellationToken.None)));
        return ValueTask.FromResult(ServiceTaskResult.Empty);
    }
}
