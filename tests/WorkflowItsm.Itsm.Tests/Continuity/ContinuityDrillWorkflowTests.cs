using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Itsm.Continuity;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Itsm.Tests.Continuity;

/// <summary>
/// Issue 21 tests 3 and 4 through workflows/continuity-drill.bpmn on the real runtime: the schedule's recurring job
/// starts the workflow, the steps are tasks in dependency order, the domain refuses a step task without its evidence,
/// the RTO boundary timer tells the owner, the end measures from stored timestamps and archives the report; a failed
/// step raises a problem after the commit; a restart in the middle changes nothing.
/// </summary>
public sealed class ContinuityDrillWorkflowTests : IAsyncLifetime
{
    // A Monday; nothing below depends on the weekday or the hour the tests run at.
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private ContinuityTestHost host = null!;
    private long planId;

    public async ValueTask InitializeAsync()
    {
        host = await ContinuityTestHost.StartWithWorkflowAsync(Start);
        await host.ApprovedAnalysisAsync();
        planId = (await host.Continuity<ContinuityPlans, ContinuityPlan>(p => p.CreateAsync(new NewContinuityPlan
        {
            Service = host.Service, Title = "Payments recovery", Owner = ContinuityTestHost.Owner, Steps = ContinuityPlanTests.SixHourSteps,
        }, ContinuityTestHost.By, Ct))).Id;
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private static CancellationToken Ct => CancellationToken.None;

    private async Task<long> QuarterlyDrillFiredAsync()
    {
        var schedule = await host.Continuity<ContinuityDrills, DrillSchedule>(d => d.AddScheduleAsync(planId, new DrillScheduleInput(DrillType.Tabletop, "0 9 1 */3 *", null), ContinuityTestHost.By, Ct));
        await host.FireRecurringAsync(schedule.RecurringJobId);
        return await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Set<ContinuityDrill>().Where(d => d.ScheduleId == schedule.Id).Select(d => d.Id).SingleAsync());
    }

    /// <summary>The open step tasks of the drill by step order, with their assignee and groups.</summary>
    private Task<Dictionary<int, HumanTaskRecord>> OpenStepsAsync(long drillId) => host.InScopeAsync(async s =>
    {
        var db = s.GetRequiredService<ItsmDbContext>();
        var tasks = await db.HumanTasks.AsNoTracking().Where(t => t.BusinessKey == ContinuityDrills.BusinessKey(drillId) && t.Status == HumanTaskStatus.Open).ToListAsync();
        var result = new Dictionary<int, HumanTaskRecord>();
        foreach (var task in tasks)
        {
            var state = await db.ProcessInstances.AsNoTracking().Where(i => i.Id == task.InstanceId).Select(i => i.StateJson).SingleAsync();
            result[ContinuityDrillTasks.StepOrderOf(state, task.Id)!.Value] = task;
        }

        return result;
    });

    private Task<ProcessInstanceRecord> CompleteAsync(HumanTaskRecord task, string? evidence, bool failed = false, int? dataLoss = null) => host.InScopeAsync(s =>
        s.GetRequiredService<WorkflowRuntime>().CompleteTaskAsync(task.Id, new Dictionary<string, object?>
        {
            ["evidence"] = evidence, ["stepFailed"] = failed, ["notes"] = failed ? "The restore stopped at 40 %." : null, ["dataLossMinutes"] = dataLoss,
        }, ContinuityTestHost.Owner, Ct));

    private Task<DrillView> DrillAsync(long id) => host.InScopeAsync(async s => (await s.GetRequiredService<ContinuityQueries>().DrillAsync(id, Ct))!);

    private Task<InstanceRunStatus> InstanceStatusAsync(long drillId) => host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().ProcessInstances.AsNoTracking()
        .Where(i => i.BusinessKey == ContinuityDrills.BusinessKey(drillId)).Select(i => i.Status).SingleAsync());

    [Fact]
    public async Task Test3_the_quarterly_drill_runs_as_tasks_in_dependency_order_refuses_a_step_without_evidence_warns_at_80_percent_and_passes_at_7h10_against_8h()
    {
        var drillId = await QuarterlyDrillFiredAsync();
        (await DrillAsync(drillId)).ProcessInstanceId.Should().NotBeNull("the workflow's first step links itself");
        var open = await OpenStepsAsync(drillId);
        open.Keys.Should().Equal([1], "only the step depending on nothing is a task at first");
        open[1].Assignee.Should().Be(ContinuityTestHost.Owner);

        host.Time.Advance(TimeSpan.FromHours(2));
        var refused = () => CompleteAsync(open[1], null);
        (await refused.Should().ThrowAsync<FormRejectedException>()).Which.Errors.Should().ContainSingle()
            .Which.Should().Match<WorkflowItsm.Bpmn.Model.FormFieldError>(e => e.FieldId == "evidence" && e.Message.Contains("Restore log"));
        (await OpenStepsAsync(drillId)).Keys.Should().Equal([1], "the refused task stays open");
        await CompleteAsync(open[1], "restore-2026-12-07.log: 0 errors", dataLoss: 15);

        // Steps 2 and 3 wait only for 1: both are tasks now, offered to their group.
        open = await OpenStepsAsync(drillId);
        open.Keys.Order().Should().Equal(2, 3);
        open[2].CandidateGroups.Should().Be("payments-ops");
        host.Time.Advance(TimeSpan.FromHours(1));
        await CompleteAsync(open[3], null);
        (await OpenStepsAsync(drillId)).Keys.Should().Equal([2], "step 4 waits for step 2 too");
        host.Time.Advance(TimeSpan.FromHours(2));
        await CompleteAsync(open[2], "GET /health 200");
        open = await OpenStepsAsync(drillId);
        open.Keys.Should().Equal([4]);

        // At 6 h 24 (80 % of 8 h) the RTO boundary timer fires with step 4 open: the owner is told, the task stays.
        host.Time.Advance(TimeSpan.FromMinutes(84));
        (await host.RunTimersAsync()).Should().Be(1);
        (await host.NotificationsOfAsync(ContinuityTestHost.Owner)).Should().ContainSingle(n => n.Kind == NotificationKinds.Escalation && n.Body.Contains("about to be missed"))
            .Which.Link.Should().Be($"/continuity/drills/{drillId}");
        (await OpenStepsAsync(drillId)).Keys.Should().Equal([4], "the timer does not interrupt the recovery");

        host.Time.Advance(TimeSpan.FromMinutes(46));
        await CompleteAsync(open[4], "PAY-778812");

        var drill = await DrillAsync(drillId);
        drill.State.Should().Be(DrillState.Passed);
        drill.MeasuredMinutes.Should().Be(430);
        drill.TimeVerdict.Should().Be("7 h 10 min against an RTO of 8 h: within");
        drill.DataLossMinutes.Should().Be(15);
        drill.DataLossVerdict.Should().Be("15 min against an RPO of 1 h: within");
        drill.Steps.Select(s => (s.Order, s.StartedAt, s.EndedAt)).Should().Equal(
            (1, Start.UtcDateTime, Start.UtcDateTime.AddHours(2)),
            (2, Start.UtcDateTime.AddHours(2), Start.UtcDateTime.AddHours(5)),
            (3, Start.UtcDateTime.AddHours(2), Start.UtcDateTime.AddHours(3)),
            (4, Start.UtcDateTime.AddHours(5), Start.UtcDateTime.AddMinutes(430)));
        drill.Findings.Should().ContainSingle().Which.Text.Should().Contain("RTO warning");
        (await InstanceStatusAsync(drillId)).Should().Be(InstanceRunStatus.Completed);

        var reports = await host.InScopeAsync(s => s.GetRequiredService<ContinuityQueries>().ReportsAsync(planId, Ct));
        reports.Should().ContainSingle().Which.Should().Match<ArchivedReportView>(r => r.DrillId == drillId && r.OutcomeLabel == "Passed");
        var report = (await host.InScopeAsync(s => s.GetRequiredService<ContinuityQueries>().ReportAsync(drillId, Ct)))!;
        report.ArchivedAt.Should().Be(Start.UtcDateTime.AddMinutes(430));
        report.PlanTitle.Should().Be("Payments recovery");
        report.Drill.Steps.Single(s => s.Order == 1).Evidence.Should().Be("restore-2026-12-07.log: 0 errors");
    }

    [Fact]
    public async Task A_failed_step_task_ends_the_drill_failed_and_raises_a_problem_after_the_commit_named_in_the_archived_report()
    {
        var drillId = await QuarterlyDrillFiredAsync();
        var open = await OpenStepsAsync(drillId);
        host.Time.Advance(TimeSpan.FromHours(1));

        await CompleteAsync(open[1], null, failed: true);

        (await OpenStepsAsync(drillId)).Should().BeEmpty("a failed step ends the drill: nothing after it is offered");
        (await InstanceStatusAsync(drillId)).Should().Be(InstanceRunStatus.Completed);
        (await host.RunJobsAsync<ContinuityDrillJob>()).Should().Be(1);
        var drill = await DrillAsync(drillId);
        drill.State.Should().Be(DrillState.Failed);
        var problem = drill.Steps.Single(s => s.Order == 1).ProblemNumber;
        problem.Should().StartWith(RecordNumbers.Problem);
        drill.Findings.Should().Contain(f => f.Text.Contains("Restore the database") && f.ProblemNumber == problem);
        drill.Findings.Should().Contain(f => f.Text.Contains("never reached"));
        var report = (await host.InScopeAsync(s => s.GetRequiredService<ContinuityQueries>().ReportAsync(drillId, Ct)))!;
        report.Drill.Steps.Single(s => s.Order == 1).ProblemNumber.Should().Be(problem, "the archived report is renewed once the problem is raised");
        var stored = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Problems.AsNoTracking().SingleAsync(p => p.Number == problem));
        stored.Service.Should().Be(host.Service);

        // A finding becomes a change with one call, once.
        var neverReached = drill.Findings.First(f => f.Text.Contains("never reached"));
        var followed = await host.Continuity<ContinuityDrills, DrillFinding>(d => d.RaiseFindingAsync(drillId, neverReached.Id, asChange: true, ContinuityTestHost.Owner, Ct));
        followed.ChangeNumber.Should().StartWith(RecordNumbers.Change);
        var change = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Changes.AsNoTracking().SingleAsync(c => c.Number == followed.ChangeNumber));
        change.ShortDescription.Should().Contain("never reached");
        var twice = () => host.Continuity<ContinuityDrills, DrillFinding>(d => d.RaiseFindingAsync(drillId, neverReached.Id, asChange: true, ContinuityTestHost.Owner, Ct));
        await twice.Should().ThrowAsync<ContinuityConflictException>();
        (await host.InScopeAsync(s => s.GetRequiredService<ContinuityQueries>().OpenFindingsAsync(Ct))).Should().NotContain(f => f.Id == neverReached.Id);
    }

    [Fact]
    public async Task Test4_after_a_restart_in_the_middle_of_a_drill_its_tasks_and_RTO_timer_go_on_and_the_time_comes_from_stored_timestamps()
    {
        var drillId = await QuarterlyDrillFiredAsync();
        host.Time.Advance(TimeSpan.FromHours(2));
        await CompleteAsync((await OpenStepsAsync(drillId))[1], "restore log");
        (await OpenStepsAsync(drillId)).Keys.Order().Should().Equal(2, 3);

        host = await host.RestartAsync();
        host.Time.Advance(TimeSpan.FromMinutes(400));

        // The boundary timer planned before the restart fires after it (long overdue, by the pump itself); the step tasks are still open.
        await host.RunTimersAsync();
        (await host.NotificationsOfAsync(ContinuityTestHost.Owner)).Should().ContainSingle(n => n.Kind == NotificationKinds.Escalation);
        var open = await OpenStepsAsync(drillId);
        open.Keys.Order().Should().Equal(2, 3);
        await CompleteAsync(open[3], null);
        await CompleteAsync(open[2], "GET /health 200");
        host.Time.Advance(TimeSpan.FromMinutes(20));
        await CompleteAsync((await OpenStepsAsync(drillId))[4], "PAY-1");

        // 2 h + 6 h 40 + 20 min from the first start, read from the stored timestamps: 9 h, over the 8 h RTO.
        var drill = await DrillAsync(drillId);
        drill.MeasuredMinutes.Should().Be(540);
        drill.State.Should().Be(DrillState.Failed);
        drill.Findings.Should().Contain(f => f.Text == "Recovery took 9 h, over the RTO of 8 h.");
        (await InstanceStatusAsync(drillId)).Should().Be(InstanceRunStatus.Completed);
    }
}
