using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.Tests.Instances;

/// <summary>The incident-triage lifecycle through the durable runtime on SQLite, with a controlled host.Clock.</summary>
public sealed class WorkflowRuntimeTests : IAsyncLifetime
{
    private static readonly Dictionary<string, object?> Resolution = RuntimeTestHost.Resolution;

    private RuntimeTestHost host = null!;

    public async ValueTask InitializeAsync()
    {
        // The SLA timer (4 h) within the horizon: these tests are about timers with a job; TimerHorizonTests has the later ones.
        host = await RuntimeTestHost.StartAsync(options: new RuntimeOptions { TimerHorizon = TimeSpan.FromDays(1) });
        await host.DeployTriageAsync();
    }

    private Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action) => host.InScopeAsync(action);

    private Task<ProcessInstanceRecord> StartAsync(Dictionary<string, object?>? variables = null) => host.StartTriageAsync(variables);

    private Task<List<HumanTaskRecord>> TasksAsync(string instanceId) =>
        InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().HumanTasks.Include(t => t.Candidates).Where(t => t.InstanceId == instanceId).ToListAsync());

    private Task<List<BookmarkRecord>> BookmarksAsync(string instanceId) => host.BookmarksAsync(instanceId);

    [Fact]
    public async Task Start_runs_to_the_user_task_and_stores_task_timer_and_journal()
    {
        var instance = await StartAsync();

        instance.Status.Should().Be(InstanceRunStatus.Running);
        instance.DefinitionVersion.Should().Be(1);
        instance.ActiveElements.Should().Contain("ResolveHighPriorityIncident");
        var task = (await TasksAsync(instance.Id)).Should().ContainSingle().Subject;
        task.ElementId.Should().Be("ResolveHighPriorityIncident");
        task.Status.Should().Be(HumanTaskStatus.Open);
        task.BusinessKey.Should().Be("INC0001001");
        task.Candidates.Should().ContainSingle(c => c.Kind == "group" && c.Name == "service-desk-l2");
        var timer = (await BookmarksAsync(instance.Id)).Should().ContainSingle(b => b.Kind == "Timer").Subject;
        timer.DueAt.Should().Be(host.Clock.GetUtcNow().UtcDateTime.AddHours(4));
        timer.JobId.Should().Be(host.Timers.Scheduled.Single().JobId, "the job id is kept to cancel it when the task completes");
        var journal = await InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().Journal.Where(j => j.InstanceId == instance.Id).Select(j => j.Kind).ToListAsync());
        journal.Should().Contain(["InstanceStarted", "TaskCreated", "TimerScheduled"]);
    }

    [Fact]
    public async Task Completing_the_task_ends_the_instance_and_cancels_its_timer_job()
    {
        var instance = await StartAsync();
        var taskId = (await TasksAsync(instance.Id)).Single().Id;

        var completed = await InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().CompleteTaskAsync(taskId, Resolution, "bo", default));

        completed.Status.Should().Be(InstanceRunStatus.Completed);
        completed.EndedAt.Should().NotBeNull();
        var task = (await TasksAsync(instance.Id)).Single();
        task.Status.Should().Be(HumanTaskStatus.Completed);
        task.CompletedBy.Should().Be("bo");
        (await BookmarksAsync(instance.Id)).Should().BeEmpty();
        host.Timers.Cancelled.Should().Equal(host.Timers.Scheduled.Single().JobId);
    }

    [Fact]
    public async Task A_task_completes_exactly_once()
    {
        var instance = await StartAsync();
        var taskId = (await TasksAsync(instance.Id)).Single().Id;
        await InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().CompleteTaskAsync(taskId, Resolution, "bo", default));

        var again = () => InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().CompleteTaskAsync(taskId, Resolution, "cy", default));

        (await again.Should().ThrowAsync<RuntimeConflictException>()).WithMessage("*already completed*");
    }

    [Fact]
    public async Task Invalid_form_values_are_refused_and_nothing_changes()
    {
        var instance = await StartAsync();
        var taskId = (await TasksAsync(instance.Id)).Single().Id;

        var complete = () => InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().CompleteTaskAsync(
            taskId, new Dictionary<string, object?> { ["resolutionCode"] = "magic" }, "bo", default));

        var rejected = await complete.Should().ThrowAsync<FormRejectedException>();
        rejected.Which.Errors.Select(e => e.FieldId).Should().Contain(["resolutionCode", "resolutionNotes"]);
        (await TasksAsync(instance.Id)).Single().Status.Should().Be(HumanTaskStatus.Open);
        var stored = await InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().ProcessInstances.SingleAsync(i => i.Id == instance.Id));
        stored.Revision.Should().Be(1, "no trigger was stored");
    }

    [Fact]
    public async Task Non_interrupting_SLA_timer_runs_the_warning_and_leaves_the_task_open()
    {
        var instance = await StartAsync();
        var timerId = host.Timers.Scheduled.Single().BookmarkId;
        host.Clock.Advance(TimeSpan.FromHours(4));

        await InScopeAsync(async s => { await s.GetRequiredService<WorkflowRuntime>().FireTimerAsync(timerId, default); return 0; });

        (await TasksAsync(instance.Id)).Single().Status.Should().Be(HumanTaskStatus.Open);
        (await BookmarksAsync(instance.Id)).Should().NotContain(b => b.Id == timerId);
        RecordingSlaWarning.Warned.Should().Contain(instance.Id);
    }

    [Fact]
    public async Task Firing_a_timer_twice_or_an_unknown_one_does_nothing()
    {
        var instance = await StartAsync();
        var timerId = host.Timers.Scheduled.Single().BookmarkId;
        host.Clock.Advance(TimeSpan.FromHours(5));
        await InScopeAsync(async s => { await s.GetRequiredService<WorkflowRuntime>().FireTimerAsync(timerId, default); return 0; });
        var revision = (await InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().ProcessInstances.SingleAsync(i => i.Id == instance.Id))).Revision;

        await InScopeAsync(async s => { await s.GetRequiredService<WorkflowRuntime>().FireTimerAsync(timerId, default); return 0; });
        await InScopeAsync(async s => { await s.GetRequiredService<WorkflowRuntime>().FireTimerAsync("no-such-bookmark", default); return 0; });

        (await InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().ProcessInstances.SingleAsync(i => i.Id == instance.Id))).Revision.Should().Be(revision);
    }

    [Fact]
    public async Task A_timer_fired_long_before_it_is_due_is_scheduled_again_for_its_moment()
    {
        var instance = await StartAsync();
        var (timerId, due, _) = host.Timers.Scheduled.Single();

        await InScopeAsync(async s => { await s.GetRequiredService<WorkflowRuntime>().FireTimerAsync(timerId, default); return 0; });

        (await BookmarksAsync(instance.Id)).Should().Contain(b => b.Id == timerId);
        host.Timers.Scheduled.Select(timer => (timer.BookmarkId, timer.Due)).Should().Equal((timerId, due), (timerId, due));
    }

    [Fact]
    public async Task A_timer_job_run_a_moment_early_fires_at_its_due_moment_never_before()
    {
        // Hangfire keeps scheduled moments in whole seconds: its job may run up to a second before the timer is due.
        var instance = await StartAsync();
        var (timerId, due, _) = host.Timers.Scheduled.Single();
        host.Clock.SetUtcNow(due - TimeSpan.FromMilliseconds(900));

        var firing = InScopeAsync(async s => { await s.GetRequiredService<WorkflowRuntime>().FireTimerAsync(timerId, default); return 0; });
        await Task.Delay(200, TestContext.Current.CancellationToken);
        (await BookmarksAsync(instance.Id)).Should().Contain(b => b.Id == timerId, "900 ms before its moment the timer still waits");
        host.Clock.Advance(TimeSpan.FromMilliseconds(900));
        await firing;

        (await BookmarksAsync(instance.Id)).Should().NotContain(b => b.Id == timerId, "at its moment it fired");
        host.Timers.Scheduled.Should().ContainSingle("it fired in place, without another job");
    }

    [Fact]
    public async Task Reconciliation_fires_overdue_timers_whose_job_was_lost()
    {
        var instance = await StartAsync();
        host.Clock.Advance(TimeSpan.FromHours(5));

        var fired = await InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().FireOverdueTimersAsync(TimeSpan.FromSeconds(30), 100, default));

        fired.Should().Be(1);
        (await BookmarksAsync(instance.Id)).Should().NotContain(b => b.Kind == "Timer");
    }

    [Fact]
    public async Task Cancelling_cancels_tasks_and_timers()
    {
        var instance = await StartAsync();

        var cancelled = await InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().CancelAsync(instance.Id, "duplicate", default));

        cancelled.Status.Should().Be(InstanceRunStatus.Cancelled);
        (await TasksAsync(instance.Id)).Single().Status.Should().Be(HumanTaskStatus.Cancelled);
        (await BookmarksAsync(instance.Id)).Should().BeEmpty();
        host.Timers.Cancelled.Should().ContainSingle();
    }

    [Fact]
    public async Task Unknown_key_or_version_is_not_found()
    {
        var unknownKey = () => InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().StartAsync(new StartProcessCommand("nope"), default));
        var unknownVersion = () => InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().StartAsync(new StartProcessCommand("incident-triage", Version: 7), default));

        await unknownKey.Should().ThrowAsync<RuntimeNotFoundException>().WithMessage("No process with key 'nope' is deployed.");
        await unknownVersion.Should().ThrowAsync<RuntimeNotFoundException>().WithMessage("Process 'incident-triage' has no version 7.");
    }

    [Fact]
    public async Task Task_list_filters_by_candidate_group_and_sorts_by_due_date()
    {
        await StartAsync();
        await StartAsync(new Dictionary<string, object?> { ["impact"] = 3L, ["urgency"] = 3L, ["shortDescription"] = "Printer" });

        var l2 = await InScopeAsync(s => s.GetRequiredService<HumanTaskQueries>().ListAsync(new HumanTaskFilter(CandidateGroups: ["service-desk-l2"]), 1, 50, default));
        var all = await InScopeAsync(s => s.GetRequiredService<HumanTaskQueries>().ListAsync(new HumanTaskFilter(), 1, 1, default));

        l2.Items.Should().ContainSingle().Which.ElementId.Should().Be("ResolveHighPriorityIncident");
        all.Total.Should().Be(2);
        all.Items.Should().ContainSingle("the page holds one");
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();
}

[ServiceTask("notify.sla-warning")]
public sealed class RecordingSlaWarning : IServiceTaskHandler
{
    public static System.Collections.Concurrent.ConcurrentBag<string> Warned { get; } = [];

    public ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        Warned.Add(context.ProcessInstanceId);
        return ValueTask.FromResult(ServiceTaskResult.Empty);
    }
}
