using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Runtime.Timers;

namespace WorkflowItsm.Web.Tests.Scheduling;

/// <summary>
/// Timers by horizon against the host's real Hangfire storage and server: a timer an hour away is a bookmark row
/// alone, cancelled without touching Hangfire; handed over by the pump once near, it fires once and never early.
/// </summary>
public sealed class TimerHorizonTests : IAsyncDisposable
{
    private const string Model = """
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="x">
          <bpmn:process id="in-an-hour" isExecutable="true">
            <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
            <bpmn:intermediateCatchEvent id="Wait"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
              <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            <bpmn:userTask id="AfterTimer" name="After the timer"><bpmn:incoming>f2</bpmn:incoming></bpmn:userTask>
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Wait" />
            <bpmn:sequenceFlow id="f2" sourceRef="Wait" targetRef="AfterTimer" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private readonly WebHostFactory host = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    /// <summary>Hangfire's timer jobs for the bookmark, whatever state they are in now (scheduled, enqueued, running, done, deleted).</summary>
    private List<string> HangfireJobsFor(string bookmarkId)
    {
        var monitoring = host.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        bool Fires(Hangfire.Common.Job? job) => job?.Type == typeof(TimerJob) && Equals(job.Args[0], bookmarkId);
        return
        [
            .. monitoring.ScheduledJobs(0, 10_000).Where(j => Fires(j.Value.Job)).Select(j => j.Key),
            .. monitoring.EnqueuedJobs("default", 0, 10_000).Where(j => Fires(j.Value.Job)).Select(j => j.Key),
            .. monitoring.ProcessingJobs(0, 10_000).Where(j => Fires(j.Value.Job)).Select(j => j.Key),
            .. monitoring.SucceededJobs(0, 10_000).Where(j => Fires(j.Value.Job)).Select(j => j.Key),
            .. monitoring.DeletedJobs(0, 10_000).Where(j => Fires(j.Value.Job)).Select(j => j.Key),
        ];
    }

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    private Task<BookmarkRecord?> TimerOfAsync(string instanceId) =>
        InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().Bookmarks.AsNoTracking().SingleOrDefaultAsync(b => b.InstanceId == instanceId && b.Kind == "Timer", Ct));

    [Fact]
    public void A_host_starting_on_a_database_that_still_runs_the_timer_reconciliation_removes_that_recurring_job()
    {
        // The old definition as an earlier version left it (its class is gone: the pump stands in, the id is what counts).
        host.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<TimerPumpJob>(
            TimerPumpJob.ReplacedRecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Minutely());

        WorkflowItsm.Web.Scheduling.RecurringJobs.Register(host.Services);

        using var connection = host.Services.GetRequiredService<JobStorage>().GetConnection();
        var declared = connection.GetRecurringJobs().Select(job => job.Id).ToList();
        declared.Should().NotContain(TimerPumpJob.ReplacedRecurringJobId).And.Contain(TimerPumpJob.RecurringJobId);
    }

    [Fact]
    public async Task A_timer_an_hour_away_touches_no_Hangfire_table_until_the_pump_hands_it_over_then_fires_once_never_early()
    {
        await InScopeAsync(s => s.GetRequiredService<ProcessDeployer>().DeployAsync([new BpmnFile("in-an-hour.bpmn", Model)], "test", null, Ct));
        var cancelled = await InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().StartAsync(new StartProcessCommand("in-an-hour"), Ct));
        var kept = await InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().StartAsync(new StartProcessCommand("in-an-hour"), Ct));
        var cancelledTimer = (await TimerOfAsync(cancelled.Id))!;
        var timer = (await TimerOfAsync(kept.Id))!;

        cancelledTimer.JobId.Should().BeNull();
        HangfireJobsFor(cancelledTimer.Id).Should().BeEmpty("an hour away the timer is its bookmark row alone");
        await InScopeAsync(s => s.GetRequiredService<WorkflowRuntime>().CancelAsync(cancelled.Id, "not needed", Ct));
        HangfireJobsFor(cancelledTimer.Id).Should().BeEmpty("cancelled before its horizon, it never touched Hangfire, not even to delete a job");

        // As if the hour had nearly passed: three seconds away, the pump hands it to Hangfire.
        var due = DateTime.UtcNow.AddSeconds(3);
        await InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().Bookmarks.Where(b => b.Id == timer.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(b => b.DueAt, due), Ct));
        await InScopeAsync(async s => { await s.GetRequiredService<TimerPumpJob>().RunAsync(Ct); return 0; });
        var handedOver = HangfireJobsFor(timer.Id).Should().ContainSingle().Subject;
        (await TimerOfAsync(kept.Id))?.JobId.Should().Be(handedOver);

        DateTime? firedAt = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(30); firedAt is null && DateTime.UtcNow < deadline; await Task.Delay(200, Ct))
        {
            firedAt = await InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().Journal
                .Where(j => j.InstanceId == kept.Id && j.Kind == "TimerFired").Select(j => (DateTime?)j.At).SingleOrDefaultAsync(Ct));
        }

        firedAt.Should().NotBeNull("the timer fired within 30 seconds");
        firedAt.Should().BeOnOrAfter(due, "never before its moment");
        using (var connection = host.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            // Its job ends a moment after the trigger's commit: the lists are read once it has.
            for (var deadline = DateTime.UtcNow.AddSeconds(10); connection.GetStateData(handedOver)?.Name != "Succeeded" && DateTime.UtcNow < deadline;)
            {
                await Task.Delay(100, Ct);
            }
        }

        await InScopeAsync(async s => { await s.GetRequiredService<TimerPumpJob>().RunAsync(Ct); return 0; });
        HangfireJobsFor(timer.Id).Should().Equal([handedOver], "handed over once, fired by that one job");
    }
}
