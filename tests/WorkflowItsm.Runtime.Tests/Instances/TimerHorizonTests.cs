using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Runtime.Timers;

namespace WorkflowItsm.Runtime.Tests.Instances;

/// <summary>
/// Timers by horizon, with the default five minutes: a timer due later is its bookmark row alone until the timer pump
/// hands it to the job engine; still fired once, never early, never lost.
/// </summary>
public sealed class TimerHorizonTests : IAsyncLifetime
{
    private static readonly TimeSpan Horizon = new RuntimeOptions().TimerHorizon;
    private static readonly TimeSpan Grace = new RuntimeOptions().LostJobGrace;

    private const string ShortTimer = """
        <bpmn:process id="two-minutes" isExecutable="true">
          <bpmn:startEvent id="Start" />
          <bpmn:sequenceFlow id="ToWait" sourceRef="Start" targetRef="Wait" />
          <bpmn:intermediateCatchEvent id="Wait">
            <bpmn:timerEventDefinition><bpmn:timeDuration>PT2M</bpmn:timeDuration></bpmn:timerEventDefinition>
          </bpmn:intermediateCatchEvent>
          <bpmn:sequenceFlow id="ToWork" sourceRef="Wait" targetRef="Work" />
          <bpmn:userTask id="Work" name="Work" />
        </bpmn:process>
        """;

    private const string HourlyReminder = """
        <bpmn:process id="hourly-reminder" isExecutable="true">
          <bpmn:startEvent id="Start" />
          <bpmn:sequenceFlow id="ToWork" sourceRef="Start" targetRef="Work" />
          <bpmn:userTask id="Work" name="Work" />
          <bpmn:boundaryEvent id="Remind" attachedToRef="Work" cancelActivity="false">
            <bpmn:timerEventDefinition><bpmn:timeCycle>R3/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition>
          </bpmn:boundaryEvent>
          <bpmn:sequenceFlow id="ToReminded" sourceRef="Remind" targetRef="Reminded" />
          <bpmn:endEvent id="Reminded" />
          <bpmn:sequenceFlow id="ToEnd" sourceRef="Work" targetRef="End" />
          <bpmn:endEvent id="End" />
        </bpmn:process>
        """;

    private RuntimeTestHost host = null!;

    public async ValueTask InitializeAsync()
    {
        host = await RuntimeTestHost.StartAsync();
        await host.DeployTriageAsync();
        await host.DeployAsync(RuntimeTestHost.Bpmn("", ShortTimer));
        await host.DeployAsync(RuntimeTestHost.Bpmn("", HourlyReminder));
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    private Task PumpAsync() => host.InScopeAsync(s => s.GetRequiredService<TimerPumpJob>().RunAsync(default));

    private Task FireAsync(string bookmarkId) => host.InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().FireTimerAsync(bookmarkId, default));

    private async Task<BookmarkRecord> TimerAsync(string instanceId) => (await host.BookmarksAsync(instanceId)).Single(b => b.Kind == "Timer");

    private Task<List<DateTime>> FiredAtAsync(string instanceId) =>
        host.InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().Journal.Where(j => j.InstanceId == instanceId && j.Kind == "TimerFired").Select(j => j.At).ToListAsync());

    private Task<int> MoveDueAsync(string bookmarkId, DateTimeOffset due) =>
        host.InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().Bookmarks.Where(b => b.Id == bookmarkId)
            .ExecuteUpdateAsync(set => set.SetProperty(b => b.DueAt, due.UtcDateTime)));

    private Task<int> SetJobIdAsync(string bookmarkId, string jobId) =>
        host.InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().Bookmarks.Where(b => b.Id == bookmarkId)
            .ExecuteUpdateAsync(set => set.SetProperty(b => b.JobId, jobId)));

    [Fact]
    public async Task A_timer_beyond_the_horizon_gets_no_job_and_completing_its_task_first_deletes_none()
    {
        var instance = await host.StartTriageAsync();

        var timer = await TimerAsync(instance.Id);
        timer.DueAt.Should().Be(host.Clock.GetUtcNow().UtcDateTime.AddHours(4));
        timer.JobId.Should().BeNull("four hours away the timer is its bookmark row alone");
        host.Timers.Scheduled.Should().BeEmpty();

        var taskId = await host.OpenTaskIdAsync(instance.Id);
        await host.RuntimeAsync(r => r.CompleteTaskAsync(taskId, RuntimeTestHost.Resolution, "bo", default));

        (await host.BookmarksAsync(instance.Id)).Should().BeEmpty();
        host.Timers.Cancelled.Should().BeEmpty("a timer that never had a job has none to delete");
        host.Timers.Scheduled.Should().BeEmpty();
    }

    [Fact]
    public async Task A_timer_within_the_horizon_is_scheduled_after_its_commit_as_before()
    {
        var instance = await host.StartProcessAsync("two-minutes");

        var timer = await TimerAsync(instance.Id);
        var scheduled = host.Timers.Scheduled.Should().ContainSingle().Subject;
        scheduled.Should().Be((timer.Id, host.Clock.GetUtcNow().AddMinutes(2), scheduled.JobId));
        timer.JobId.Should().Be(scheduled.JobId, "the job id is kept to cancel it");
    }

    [Fact]
    public async Task The_pump_hands_a_timer_over_once_it_comes_within_the_horizon_and_it_fires_at_its_moment_never_before()
    {
        var instance = await host.StartTriageAsync();
        var timer = await TimerAsync(instance.Id);
        var due = new DateTimeOffset(timer.DueAt!.Value, TimeSpan.Zero);

        host.Clock.SetUtcNow(due - Horizon - TimeSpan.FromSeconds(1));
        await PumpAsync();
        host.Timers.Scheduled.Should().BeEmpty("a second before the horizon reaches it");

        host.Clock.Advance(TimeSpan.FromSeconds(2));
        await PumpAsync();
        await PumpAsync();
        var handedOver = host.Timers.Scheduled.Should().ContainSingle("handed over once, however often the pump runs").Subject;
        handedOver.Should().Be((timer.Id, due, handedOver.JobId));
        (await TimerAsync(instance.Id)).JobId.Should().Be(handedOver.JobId);

        // Its job run minutes early (another host's clock): it does not fire, it is scheduled again for its moment.
        host.Clock.SetUtcNow(due - TimeSpan.FromMinutes(2));
        await FireAsync(timer.Id);
        (await FiredAtAsync(instance.Id)).Should().BeEmpty("never before its moment");
        host.Timers.Scheduled.Select(s => (s.BookmarkId, s.Due)).Should().Equal((timer.Id, due), (timer.Id, due));
        (await TimerAsync(instance.Id)).JobId.Should().Be(host.Timers.Scheduled[1].JobId, "the new job is the one to cancel");

        host.Clock.SetUtcNow(due);
        await FireAsync(timer.Id);
        await FireAsync(timer.Id);

        (await FiredAtAsync(instance.Id)).Should().Equal([due.UtcDateTime], "fired once, at its moment");
        RecordingSlaWarning.Warned.Should().Contain(instance.Id);
    }

    [Fact]
    public async Task A_timer_moved_out_of_the_horizon_loses_its_job_and_moved_back_in_is_handed_over_again_and_fires_once()
    {
        var instance = await host.StartProcessAsync("two-minutes");
        var timer = await TimerAsync(instance.Id);
        var firstJob = host.Timers.Scheduled.Single();

        // Moved a day later: its job still runs at the old moment, and finds the timer beyond the horizon.
        await MoveDueAsync(timer.Id, host.Clock.GetUtcNow().AddDays(1));
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        await FireAsync(timer.Id);

        (await FiredAtAsync(instance.Id)).Should().BeEmpty();
        (await TimerAsync(instance.Id)).JobId.Should().BeNull("the pump hands it over again when it comes near");
        host.Timers.Scheduled.Should().ContainSingle("a timer a day away is not scheduled again");
        await PumpAsync();
        host.Timers.Scheduled.Should().ContainSingle();

        // Moved back within the horizon: the pump hands it over.
        var due = host.Clock.GetUtcNow().AddMinutes(1);
        await MoveDueAsync(timer.Id, due);
        await PumpAsync();
        host.Timers.Scheduled.Should().HaveCount(2);
        var secondJob = host.Timers.Scheduled[1];
        secondJob.Should().Be((timer.Id, due, secondJob.JobId));
        (await TimerAsync(instance.Id)).JobId.Should().Be(secondJob.JobId);

        host.Clock.SetUtcNow(due);
        await FireAsync(timer.Id); // the second job
        await FireAsync(timer.Id); // the first job, had it been run again
        await PumpAsync();

        (await FiredAtAsync(instance.Id)).Should().Equal([due.UtcDateTime], "fired once, at its new moment");
        firstJob.JobId.Should().NotBe(secondJob.JobId);
    }

    [Fact]
    public async Task Timers_claimed_or_handed_over_by_a_host_that_died_are_fired_once_by_the_pumps_overdue_sweep()
    {
        var claimedButNeverScheduled = await host.StartTriageAsync();
        var jobLost = await host.StartTriageAsync();
        var claimed = await TimerAsync(claimedButNeverScheduled.Id);
        var lost = await TimerAsync(jobLost.Id);
        var due = new DateTimeOffset(claimed.DueAt!.Value, TimeSpan.Zero);
        await SetJobIdAsync(claimed.Id, TimerJobIds.NewClaim());
        await SetJobIdAsync(lost.Id, "job-of-a-dead-host");

        host.Clock.SetUtcNow(due - TimeSpan.FromMinutes(1));
        await PumpAsync();
        host.Timers.Scheduled.Should().BeEmpty("a timer claimed or with a job is not handed over again");

        host.Clock.SetUtcNow(due + Grace + TimeSpan.FromSeconds(1));
        await PumpAsync();
        await PumpAsync();

        (await FiredAtAsync(claimedButNeverScheduled.Id)).Should().ContainSingle("the claim's host died before scheduling it: never lost");
        (await FiredAtAsync(jobLost.Id)).Should().ContainSingle("its job was lost with its host: never lost");
        (await host.BookmarksAsync(claimedButNeverScheduled.Id)).Should().NotContain(b => b.Kind == "Timer");
        host.Timers.Cancelled.Should().Equal(["job-of-a-dead-host"], "a claim is not a job to delete");
    }

    [Fact]
    public async Task A_timer_of_a_suspended_instance_is_not_handed_over_until_it_is_resumed()
    {
        var instance = await host.StartTriageAsync();
        var timer = await TimerAsync(instance.Id);
        await host.RuntimeAsync(r => r.SuspendAsync(instance.Id, "bo", default));

        host.Clock.SetUtcNow(new DateTimeOffset(timer.DueAt!.Value, TimeSpan.Zero) - TimeSpan.FromMinutes(1));
        await PumpAsync();
        host.Timers.Scheduled.Should().BeEmpty();

        await host.RuntimeAsync(r => r.ResumeAsync(instance.Id, "bo", default));
        await PumpAsync();
        host.Timers.Scheduled.Should().ContainSingle().Which.BookmarkId.Should().Be(timer.Id);
    }

    [Fact]
    public async Task A_cycle_timer_re_armed_beyond_the_horizon_gets_its_next_job_from_the_pump()
    {
        var instance = await host.StartProcessAsync("hourly-reminder");
        var start = host.Clock.GetUtcNow();
        var timer = await TimerAsync(instance.Id);
        timer.JobId.Should().BeNull("the first reminder is an hour away");

        host.Clock.SetUtcNow(start.AddHours(1) - Horizon);
        await PumpAsync();
        var first = host.Timers.Scheduled.Should().ContainSingle().Subject;
        first.Due.Should().Be(start.AddHours(1));

        host.Clock.SetUtcNow(start.AddHours(1));
        await FireAsync(timer.Id);

        var rearmed = await TimerAsync(instance.Id);
        rearmed.Id.Should().Be(timer.Id, "a cycle re-arms its bookmark");
        rearmed.DueAt.Should().Be(start.AddHours(2).UtcDateTime);
        rearmed.JobId.Should().BeNull("the next reminder is an hour away again");
        host.Timers.Scheduled.Should().ContainSingle("no job for the next reminder yet");

        host.Clock.SetUtcNow(start.AddHours(2) - Horizon);
        await PumpAsync();
        host.Timers.Scheduled.Should().HaveCount(2);
        host.Timers.Scheduled[1].Due.Should().Be(start.AddHours(2));
        host.Clock.SetUtcNow(start.AddHours(2));
        await FireAsync(timer.Id);

        (await FiredAtAsync(instance.Id)).Should().Equal([start.AddHours(1).UtcDateTime, start.AddHours(2).UtcDateTime]);
    }
}
