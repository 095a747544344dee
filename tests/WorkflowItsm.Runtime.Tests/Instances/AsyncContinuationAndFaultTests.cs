using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WorkflowItsm.Bpmn;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.Faults;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Runtime.Timers;

namespace WorkflowItsm.Runtime.Tests.Instances;

/// <summary>Async continuations, automatic retries and faults through the durable runtime on SQLite, with a controlled clock.</summary>
public sealed class AsyncContinuationAndFaultTests : IAsyncLifetime
{
    private const string Definitions =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_async" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="async-work" isExecutable="true">
            <bpmn:startEvent id="Start" />
            <bpmn:sequenceFlow id="ToWork" sourceRef="Start" targetRef="Work" />
            <bpmn:serviceTask id="Work" camunda:asyncBefore="true" camunda:delegateExpression="${test.flaky-backend}" />
            <bpmn:sequenceFlow id="ToEnd" sourceRef="Work" targetRef="End" />
            <bpmn:endEvent id="End" />
          </bpmn:process>
          <bpmn:process id="async-after-work" isExecutable="true">
            <bpmn:startEvent id="AfterStart" />
            <bpmn:sequenceFlow id="ToAfterWork" sourceRef="AfterStart" targetRef="AfterWork" />
            <bpmn:serviceTask id="AfterWork" camunda:asyncAfter="true" camunda:delegateExpression="${test.flaky-backend}" />
            <bpmn:sequenceFlow id="ToAfterEnd" sourceRef="AfterWork" targetRef="AfterEnd" />
            <bpmn:endEvent id="AfterEnd" />
          </bpmn:process>
          <bpmn:process id="ledger-sync" isExecutable="true">
            <bpmn:startEvent id="LedgerStart" />
            <bpmn:sequenceFlow id="ToSync" sourceRef="LedgerStart" targetRef="Sync" />
            <bpmn:scriptTask id="Sync" scriptFormat="javascript">
              <bpmn:extensionElements>
                <camunda:failedJobRetryTimeCycle>R2/PT1M</camunda:failedJobRetryTimeCycle>
              </bpmn:extensionElements>
              <bpmn:script>throw new Error("ledger offline");</bpmn:script>
            </bpmn:scriptTask>
            <bpmn:sequenceFlow id="ToLedgerEnd" sourceRef="Sync" targetRef="LedgerEnd" />
            <bpmn:endEvent id="LedgerEnd" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private readonly SqliteConnection connection = new("Data Source=:memory:");
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly RecordingAsyncContinuationScheduler jobs = new();
    private readonly RecordingTimerScheduler timers = new();
    private ServiceProvider services = null!;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async ValueTask InitializeAsync()
    {
        await connection.OpenAsync();
        services = new ServiceCollection()
            .AddDbContext<WorkflowDbContext>(options => options.UseSqlite(connection))
            .AddSingleton<TimeProvider>(clock)
            .AddSingleton<ITimerScheduler>(timers)
            .AddSingleton<IAsyncContinuationScheduler>(jobs)
            .AddBpmnEngine(typeof(AsyncContinuationAndFaultTests).Assembly)
            .AddWorkflowRuntime()
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().Database.EnsureCreatedAsync();
        await scope.ServiceProvider.GetRequiredService<ProcessDeployer>().DeployAsync([new BpmnFile("async.bpmn", Definitions)], "test", null, default);
    }

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    private async Task InRuntimeAsync(Func<WorkflowRuntime, Task> action)
    {
        await using var scope = services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<WorkflowRuntime>());
    }

    private Task<ProcessInstanceRecord> StartAsync(string key, string businessKey) =>
        InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().StartAsync(new StartProcessCommand(key, BusinessKey: businessKey), default));

    private Task<ProcessInstanceRecord> InstanceAsync(string id) =>
        InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().ProcessInstances.AsNoTracking().SingleAsync(i => i.Id == id));

    private Task<List<BookmarkRecord>> BookmarksAsync(string instanceId) =>
        InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().Bookmarks.AsNoTracking().Where(b => b.InstanceId == instanceId).ToListAsync());

    private Task<List<FaultRecord>> FaultsAsync(string instanceId) =>
        InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().Faults.AsNoTracking().Where(f => f.InstanceId == instanceId).ToListAsync());

    /// <summary>Starts an async-work instance and runs its continuation job, as Hangfire would.</summary>
    private async Task<ProcessInstanceRecord> StartAndContinueAsync(string businessKey)
    {
        var instance = await StartAsync("async-work", businessKey);
        await InRuntimeAsync(r => r.ContinueAsync(jobs.Enqueued[^1].BookmarkId, default));
        return instance;
    }

    /// <summary>Runs each retry the runtime scheduled when it is due, until none is left.</summary>
    private async Task<int> RunScheduledRetriesAsync()
    {
        var ran = 0;
        while (jobs.Retries.Count > ran)
        {
            var (faultId, due, _) = jobs.Retries[ran++];
            clock.SetUtcNow(due);
            await InRuntimeAsync(r => r.RetryFailedElementAsync(faultId, default));
        }

        return ran;
    }

    [Fact]
    public async Task AsyncBefore_parks_the_token_and_enqueues_a_job_after_the_commit_which_then_runs_the_task()
    {
        FlakyBackend.FailuresLeft["ASYNC-1"] = 0;

        var instance = await StartAsync("async-work", "ASYNC-1");

        instance.Status.Should().Be(InstanceRunStatus.Running);
        instance.ActiveElements.Should().Be("Work");
        FlakyBackend.Calls.Should().NotContainKey("ASYNC-1", "the service task runs in the job, not in the request");
        var bookmark = (await BookmarksAsync(instance.Id)).Should().ContainSingle().Subject;
        bookmark.Kind.Should().Be("AsyncContinuation");
        var job = jobs.Enqueued.Should().ContainSingle().Subject;
        job.BookmarkId.Should().Be(bookmark.Id);
        bookmark.JobId.Should().Be(job.JobId, "the job id is kept for reconciliation");

        await InRuntimeAsync(r => r.ContinueAsync(bookmark.Id, default));

        (await InstanceAsync(instance.Id)).Status.Should().Be(InstanceRunStatus.Completed);
        FlakyBackend.Calls["ASYNC-1"].Should().Be(1);
        (await BookmarksAsync(instance.Id)).Should().BeEmpty();
        timers.Cancelled.Should().BeEmpty("the running job must not delete itself");
        jobs.Cancelled.Should().BeEmpty();
    }

    [Fact]
    public async Task AsyncAfter_runs_the_task_in_the_request_and_leaves_it_in_the_job()
    {
        FlakyBackend.FailuresLeft["AFTER-1"] = 0;

        var instance = await StartAsync("async-after-work", "AFTER-1");

        instance.ActiveElements.Should().Be("AfterWork");
        FlakyBackend.Calls["AFTER-1"].Should().Be(1);
        var job = jobs.Enqueued.Should().ContainSingle().Subject;

        await InRuntimeAsync(r => r.ContinueAsync(job.BookmarkId, default));

        (await InstanceAsync(instance.Id)).Status.Should().Be(InstanceRunStatus.Completed);
        FlakyBackend.Calls["AFTER-1"].Should().Be(1, "the continuation only leaves the task");
    }

    [Fact]
    public async Task A_continuation_of_a_suspended_instance_waits()
    {
        FlakyBackend.FailuresLeft["SUSPENDED-1"] = 0;
        var instance = await StartAsync("async-work", "SUSPENDED-1");
        await InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().SuspendAsync(instance.Id, "olga", default));

        await InRuntimeAsync(r => r.ContinueAsync(jobs.Enqueued.Single().BookmarkId, default));

        (await InstanceAsync(instance.Id)).Status.Should().Be(InstanceRunStatus.Running);
        FlakyBackend.Calls.Should().NotContainKey("SUSPENDED-1");
        clock.Advance(TimeSpan.FromMinutes(5));
        jobs.Lose(jobs.Enqueued.Single().JobId);
        (await InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().RequeueLostAsyncJobsAsync(100, default))).Should().Be(0, "reconciliation leaves suspended instances alone");
    }

    [Fact]
    public async Task A_continuation_runs_once_however_often_its_job_runs()
    {
        FlakyBackend.FailuresLeft["ASYNC-2"] = 0;
        var instance = await StartAsync("async-work", "ASYNC-2");
        var bookmarkId = jobs.Enqueued.Single().BookmarkId;
        await InRuntimeAsync(r => r.ContinueAsync(bookmarkId, default));
        var revision = (await InstanceAsync(instance.Id)).Revision;

        await InRuntimeAsync(r => r.ContinueAsync(bookmarkId, default));
        await InRuntimeAsync(r => r.ContinueAsync("no-such-bookmark", default));

        (await InstanceAsync(instance.Id)).Revision.Should().Be(revision);
        FlakyBackend.Calls["ASYNC-2"].Should().Be(1);
    }

    [Fact]
    public async Task A_handler_that_fails_twice_is_retried_with_the_default_back_off_and_completes()
    {
        FlakyBackend.FailuresLeft["FLAKY-1"] = 2;
        var instance = await StartAsync("async-work", "FLAKY-1");
        await InRuntimeAsync(r => r.ContinueAsync(jobs.Enqueued.Single().BookmarkId, default));

        var retrying = (await FaultsAsync(instance.Id)).Should().ContainSingle().Subject;
        retrying.Status.Should().Be(FaultStatus.Retrying);
        retrying.Attempts.Should().Be(1);
        retrying.NextRetryAt.Should().Be(Now.AddSeconds(10));
        jobs.Retries.Should().ContainSingle().Which.Should().Be((retrying.Id, clock.GetUtcNow().AddSeconds(10), "retry-1"));
        (await InstanceAsync(instance.Id)).FaultElementId.Should().Be("Work");

        var failedAt = clock.GetUtcNow();
        (await RunScheduledRetriesAsync()).Should().Be(2);

        jobs.Retries.Select(r => r.Due - failedAt).Should().Equal(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10) + TimeSpan.FromMinutes(1));
        var completed = await InstanceAsync(instance.Id);
        completed.Status.Should().Be(InstanceRunStatus.Completed);
        completed.FaultElementId.Should().BeNull();
        FlakyBackend.Calls["FLAKY-1"].Should().Be(3);
        var recovered = (await FaultsAsync(instance.Id)).Should().ContainSingle().Subject;
        recovered.Status.Should().Be(FaultStatus.Resolved);
        recovered.Attempts.Should().Be(2);
        recovered.Resolution.Should().Be("Recovered");
        var open = await InScopeAsync(s => s.GetRequiredService<FaultQueries>().ListAsync(new FaultFilter(instance.Id), 1, 50, default));
        open.Items.Should().BeEmpty();
    }

    [Fact]
    public async Task A_script_stopped_by_a_sandbox_limit_opens_its_fault_at_once_without_retries()
    {
        // Issue 14: a script bomb was retried three times, burning its time limit each time; it would fail again.
        const string runaway = """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="urn:test">
              <bpmn:process id="runaway" isExecutable="true">
                <bpmn:startEvent id="S" />
                <bpmn:scriptTask id="Loop" scriptFormat="javascript"><bpmn:script>while (true) {}</bpmn:script></bpmn:scriptTask>
                <bpmn:endEvent id="E" />
                <bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="Loop" />
                <bpmn:sequenceFlow id="F2" sourceRef="Loop" targetRef="E" />
              </bpmn:process>
            </bpmn:definitions>
            """;
        await InScopeAsync(s => s.GetRequiredService<ProcessDeployer>().DeployAsync([new BpmnFile("runaway.bpmn", runaway)], "test", null, default));

        var instance = await StartAsync("runaway", "RUNAWAY-1");

        var fault = (await FaultsAsync(instance.Id)).Should().ContainSingle().Subject;
        fault.Status.Should().Be(FaultStatus.Open);
        fault.Attempts.Should().Be(1);
        fault.NextRetryAt.Should().BeNull();
        fault.Message.Should().Contain("statement limit");
        jobs.Retries.Should().BeEmpty();
        var journal = await InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().Journal.Where(j => j.InstanceId == instance.Id).Select(j => j.Kind).ToListAsync());
        journal.Should().Contain("FaultOpened");
    }

    [Fact]
    public async Task A_handler_that_always_fails_ends_as_one_open_fault_after_the_retries()
    {
        FlakyBackend.FailuresLeft["BROKEN-1"] = int.MaxValue;
        var instance = await StartAndContinueAsync("BROKEN-1");

        (await RunScheduledRetriesAsync()).Should().Be(3);

        var fault = (await FaultsAsync(instance.Id)).Should().ContainSingle().Subject;
        fault.Status.Should().Be(FaultStatus.Open);
        fault.Attempts.Should().Be(4, "the first run and three retries");
        fault.ElementId.Should().Be("Work");
        fault.Message.Should().Be("The backend is unavailable.");
        fault.ExceptionType.Should().Be(nameof(InvalidOperationException));
        fault.Stack.Should().Contain(nameof(FlakyBackend));
        fault.NextRetryAt.Should().BeNull();
        var stored = await InstanceAsync(instance.Id);
        stored.Status.Should().Be(InstanceRunStatus.Running, "a fault waits for an operator; the instance does not end");
        stored.FaultMessage.Should().Be("The backend is unavailable.");
        var open = await InScopeAsync(s => s.GetRequiredService<FaultQueries>().ListAsync(new FaultFilter(), 1, 50, default));
        open.Items.Should().ContainSingle(f => f.Id == fault.Id).Which.DefinitionKey.Should().Be("async-work");
        var journal = await InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().Journal.Where(j => j.InstanceId == instance.Id).Select(j => j.Kind).ToListAsync());
        journal.Should().Contain("FaultOpened");

        await InRuntimeAsync(r => r.RetryFailedElementAsync(fault.Id, default));
        FlakyBackend.Calls["BROKEN-1"].Should().Be(4, "an open fault is not retried on its own");
    }

    [Fact]
    public async Task Retrying_a_fault_after_fixing_the_cause_resolves_it_and_the_instance_goes_on()
    {
        FlakyBackend.FailuresLeft["BROKEN-2"] = int.MaxValue;
        var instance = await StartAndContinueAsync("BROKEN-2");
        await RunScheduledRetriesAsync();
        var faultId = (await FaultsAsync(instance.Id)).Single().Id;
        FlakyBackend.FailuresLeft["BROKEN-2"] = 0;

        var fault = await InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().RetryFaultAsync(faultId, "olga", default));

        fault.Status.Should().Be(FaultStatus.Resolved);
        fault.Resolution.Should().Be("Retried by olga");
        fault.Attempts.Should().Be(4);
        (await InstanceAsync(instance.Id)).Status.Should().Be(InstanceRunStatus.Completed);
        var again = () => InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().RetryFaultAsync(faultId, "olga", default));
        await again.Should().ThrowAsync<RuntimeConflictException>().WithMessage("*already resolved*");
    }

    [Fact]
    public async Task Retrying_a_fault_that_fails_again_starts_the_retries_over()
    {
        FlakyBackend.FailuresLeft["BROKEN-3"] = int.MaxValue;
        var instance = await StartAndContinueAsync("BROKEN-3");
        await RunScheduledRetriesAsync();
        var faultId = (await FaultsAsync(instance.Id)).Single().Id;

        var fault = await InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().RetryFaultAsync(faultId, "olga", default));

        fault.Status.Should().Be(FaultStatus.Retrying);
        fault.Attempts.Should().Be(1);
        jobs.Retries.Last().Should().Be((faultId, clock.GetUtcNow().AddSeconds(10), $"retry-{jobs.Retries.Count}"));
    }

    [Fact]
    public async Task Cancelling_the_instance_of_a_fault_resolves_it()
    {
        FlakyBackend.FailuresLeft["BROKEN-4"] = int.MaxValue;
        var instance = await StartAndContinueAsync("BROKEN-4");
        await RunScheduledRetriesAsync();
        var faultId = (await FaultsAsync(instance.Id)).Single().Id;

        var fault = await InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().CancelFaultInstanceAsync(faultId, "olga", default));

        fault.Status.Should().Be(FaultStatus.Resolved);
        fault.Resolution.Should().Be("Instance cancelled by olga");
        (await InstanceAsync(instance.Id)).Status.Should().Be(InstanceRunStatus.Cancelled);
    }

    [Fact]
    public async Task Cancelling_an_instance_while_it_retries_resolves_the_fault_and_cancels_the_retry_job()
    {
        FlakyBackend.FailuresLeft["FLAKY-2"] = int.MaxValue;
        var instance = await StartAndContinueAsync("FLAKY-2");

        await InRuntimeAsync(r => r.CancelAsync(instance.Id, "duplicate", default));

        var fault = (await FaultsAsync(instance.Id)).Should().ContainSingle().Subject;
        fault.Status.Should().Be(FaultStatus.Resolved);
        fault.Resolution.Should().Be("Instance cancelled");
        jobs.Cancelled.Should().Equal(jobs.Retries.Single().JobId);
    }

    [Fact]
    public async Task FailedJobRetryTimeCycle_R2_PT1M_retries_twice_a_minute_apart_then_opens_the_fault()
    {
        var instance = await StartAsync("ledger-sync", "LEDGER-1");

        var first = (await FaultsAsync(instance.Id)).Should().ContainSingle().Subject;
        first.Status.Should().Be(FaultStatus.Retrying);
        first.NextRetryAt.Should().Be(Now.AddMinutes(1));
        first.Message.Should().Contain("ledger offline");
        var failedAt = clock.GetUtcNow();

        (await RunScheduledRetriesAsync()).Should().Be(2);

        jobs.Retries.Select(r => r.Due - failedAt).Should().Equal(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2));
        var fault = (await FaultsAsync(instance.Id)).Should().ContainSingle().Subject;
        fault.Status.Should().Be(FaultStatus.Open);
        fault.Attempts.Should().Be(3);
    }

    [Fact]
    public async Task Reconciliation_enqueues_again_continuations_and_retries_whose_job_was_lost()
    {
        FlakyBackend.FailuresLeft["LOST-1"] = 0;
        FlakyBackend.FailuresLeft["LOST-2"] = int.MaxValue;
        var parked = await StartAsync("async-work", "LOST-1");
        var pending = await StartAsync("async-work", "LOST-3");
        var retrying = await StartAndContinueAsync("LOST-2");
        jobs.Lose(jobs.Enqueued[0].JobId);
        jobs.Lose(jobs.Retries.Single().JobId);
        clock.Advance(TimeSpan.FromMinutes(2));

        var requeued = await InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().RequeueLostAsyncJobsAsync(100, default));

        requeued.Should().Be(2, "the job of the second instance is still pending");
        var parkedBookmark = (await BookmarksAsync(parked.Id)).Single();
        jobs.Enqueued.Last().Should().Be((parkedBookmark.Id, parkedBookmark.JobId!));
        jobs.Retries.Should().HaveCount(2);
        (await FaultsAsync(retrying.Id)).Single().JobId.Should().Be(jobs.Retries[1].JobId);
        (await BookmarksAsync(pending.Id)).Single().JobId.Should().Be(jobs.Enqueued[1].JobId);
    }

    [Theory]
    [InlineData("R2/PT1M", 2, new[] { 60, 60 })]
    [InlineData("R3/PT5M", 3, new[] { 300, 300, 300 })]
    [InlineData("PT10S, PT1M,PT2M", 3, new[] { 10, 60, 120 })]
    [InlineData(null, 3, new[] { 10, 60, 300 })]
    [InlineData("  ", 3, new[] { 10, 60, 300 })]
    [InlineData("soon", 3, new[] { 10, 60, 300 })]
    [InlineData("R/PT30S", 3, new[] { 30, 30, 30 })]
    public void Retry_policy_reads_Camunda_retry_time_cycles(string? cycle, int retries, int[] waitSeconds)
    {
        var policy = RetryPolicy.For(cycle, new RuntimeOptions());
        var failedAt = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

        policy.MaxRetries.Should().Be(retries);
        Enumerable.Range(0, retries).Select(done => (policy.NextRetry(failedAt, done) - failedAt)?.TotalSeconds)
            .Should().Equal(waitSeconds.Select(s => (double?)s));
        policy.NextRetry(failedAt, retries).Should().BeNull();
    }

    [Fact]
    public async Task A_retry_time_cycle_that_does_not_parse_is_refused_at_deploy_time()
    {
        var xml = Definitions.Replace("R2/PT1M", "every minute", StringComparison.Ordinal).Replace("id=\"ledger-sync\"", "id=\"ledger-sync-2\"", StringComparison.Ordinal);

        var deploy = () => InScopeAsync(s => s.GetRequiredService<ProcessDeployer>().DeployAsync([new BpmnFile("bad.bpmn", xml)], "test", null, default));

        var rejected = await deploy.Should().ThrowAsync<DeploymentRejectedException>();
        rejected.Which.Problems.Should().ContainSingle(p => p.IsError).Which.Should().Match<DeploymentProblem>(p => p.Code == "DEPLOY004" && p.ElementId == "Sync");
    }

    [Fact]
    public void The_default_retry_policy_comes_from_the_options()
    {
        var policy = RetryPolicy.For(null, new RuntimeOptions { DefaultRetryDelays = [TimeSpan.FromSeconds(1)] });

        policy.IsDefault.Should().BeTrue();
        policy.MaxRetries.Should().Be(1);
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await connection.DisposeAsync();
    }
}

/// <summary>Records the jobs that would go to Hangfire; the Hangfire path itself is tested in the host.</summary>
internal sealed class RecordingAsyncContinuationScheduler : IAsyncContinuationScheduler
{
    private readonly HashSet<string> lost = [];

    public List<(string BookmarkId, string JobId)> Enqueued { get; } = [];
    public List<(Guid FaultId, DateTimeOffset Due, string JobId)> Retries { get; } = [];
    public List<string> Cancelled { get; } = [];

    public string Enqueue(string bookmarkId)
    {
        var jobId = $"continuation-{Enqueued.Count + 1}";
        Enqueued.Add((bookmarkId, jobId));
        return jobId;
    }

    public string ScheduleRetry(Guid faultId, DateTimeOffset due)
    {
        var jobId = $"retry-{Retries.Count + 1}";
        Retries.Add((faultId, due, jobId));
        return jobId;
    }

    /// <summary>Makes a job look lost to reconciliation, as if its host died before it ran.</summary>
    public void Lose(string jobId) => lost.Add(jobId);

    public bool IsPending(string jobId, TimeSpan processingTimeout) => !lost.Contains(jobId) && !Cancelled.Contains(jobId);

    public void Cancel(string jobId) => Cancelled.Add(jobId);
}

/// <summary>A handler whose backend fails as often as the test says for the instance's business key.</summary>
[ServiceTask("test.flaky-backend")]
public sealed class FlakyBackend : IServiceTaskHandler
{
    public static ConcurrentDictionary<string, int> FailuresLeft { get; } = new();
    public static ConcurrentDictionary<string, int> Calls { get; } = new();

    public ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var key = context.BusinessKey ?? context.ProcessInstanceId;
        Calls.AddOrUpdate(key, 1, (_, calls) => calls + 1);
        if (FailuresLeft.GetValueOrDefault(key) > 0)
        {
            FailuresLeft.AddOrUpdate(key, 0, (_, left) => left == int.MaxValue ? left : left - 1);
            throw new InvalidOperationException("The backend is unavailable.");
        }

        return ValueTask.FromResult(ServiceTaskResult.Empty);
    }
}
