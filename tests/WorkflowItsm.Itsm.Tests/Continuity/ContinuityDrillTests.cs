using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Continuity;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Tests.Continuity;

/// <summary>Issue 21 test 3 on the domain: a quarterly drill fired as a recurring job, steps in dependency order, evidence required, measured time against the RTO, a failed step raising a problem; invalid schedules.</summary>
public sealed class ContinuityDrillTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private ContinuityTestHost host = null!;
    private long planId;

    public async ValueTask InitializeAsync()
    {
        host = await ContinuityTestHost.StartAsync(Start);
        await host.ApprovedAnalysisAsync();
        planId = (await host.Continuity<ContinuityPlans, ContinuityPlan>(p => p.CreateAsync(new NewContinuityPlan
        {
            Service = host.Service, Title = "Payments recovery", Owner = ContinuityTestHost.Owner, Steps = ContinuityPlanTests.SixHourSteps,
        }, ContinuityTestHost.By, Ct))).Id;
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private static CancellationToken Ct => CancellationToken.None;

    private Task<DrillStep> StartStepAsync(long drill, int order) =>
        host.Continuity<ContinuityDrills, DrillStep>(d => d.StartStepAsync(drill, order, ContinuityTestHost.Owner, Ct));

    private Task<ContinuityDrill> CompleteAsync(long drill, int order, string? evidence, bool failed = false) =>
        host.Continuity<ContinuityDrills, ContinuityDrill>(d => d.CompleteStepAsync(drill, order, new StepCompletion(evidence, failed, failed ? "The restore stopped at 40 %." : null), ContinuityTestHost.Owner, Ct));

    private async Task<long> QuarterlyDrillFiredAsync()
    {
        var schedule = await host.Continuity<ContinuityDrills, DrillSchedule>(d => d.AddScheduleAsync(planId, new DrillScheduleInput(DrillType.Tabletop, "0 9 1 */3 *", null), ContinuityTestHost.By, Ct));
        host.Jobs.Recurring[schedule.RecurringJobId].Cron.Should().Be("0 9 1 */3 *");
        await host.FireRecurringAsync(schedule.RecurringJobId);
        return await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Set<ContinuityDrill>().Where(d => d.ScheduleId == schedule.Id).Select(d => d.Id).SingleAsync());
    }

    [Fact]
    public async Task Test3_a_quarterly_drill_fires_creates_the_steps_in_order_refuses_a_step_without_evidence_warns_before_the_RTO_and_passes_at_7h10_against_8h()
    {
        var drillId = await QuarterlyDrillFiredAsync();
        var drill = (await host.Continuity<ContinuityQueries, DrillView?>(q => q.DrillAsync(drillId, Ct)))!;
        drill.TypeLabel.Should().Be("Tabletop");
        drill.RtoMinutes.Should().Be(480);
        drill.Steps.Select(s => (s.Order, s.State)).Should().Equal(
            (1, DrillStepState.Ready), (2, DrillStepState.Waiting), (3, DrillStepState.Waiting), (4, DrillStepState.Waiting));

        await StartStepAsync(drillId, 1);
        host.Time.Advance(TimeSpan.FromHours(2));
        var missing = () => CompleteAsync(drillId, 1, null);
        (await missing.Should().ThrowAsync<RecordValidationException>()).Which.Errors["evidence"].Should().ContainSingle().Which.Should().Contain("Restore log");
        var after = await CompleteAsync(drillId, 1, "restore-2026-12-07.log: 0 errors");
        after.Steps.Where(s => s.State == DrillStepState.Ready).Select(s => s.Order).Should().Equal(2, 3);

        // Steps 2 and 3 run in parallel; 4 waits for both.
        await StartStepAsync(drillId, 2);
        await StartStepAsync(drillId, 3);
        host.Time.Advance(TimeSpan.FromHours(1));
        (await CompleteAsync(drillId, 3, null)).Steps.Single(s => s.Order == 4).State.Should().Be(DrillStepState.Waiting);
        host.Time.Advance(TimeSpan.FromHours(2));
        (await CompleteAsync(drillId, 2, "GET /health 200")).Steps.Single(s => s.Order == 4).State.Should().Be(DrillStepState.Ready);
        await StartStepAsync(drillId, 4);

        // At 6 h 30 the RTO timer (due at 80 % of 8 h) finds the drill unfinished and tells the owner.
        host.Time.Advance(TimeSpan.FromMinutes(90));
        (await host.RunJobsAsync<ContinuityDrillJob>()).Should().Be(1);
        (await host.NotificationsOfAsync(ContinuityTestHost.Owner)).Should().ContainSingle(n => n.Kind == NotificationKinds.Escalation && n.Body.Contains("about to be missed"))
            .Which.Link.Should().Be($"/continuity/drills/{drillId}");

        host.Time.Advance(TimeSpan.FromMinutes(40));
        var ended = await CompleteAsync(drillId, 4, "PAY-778812");

        ended.State.Should().Be(DrillState.Passed);
        ended.MeasuredMinutes.Should().Be(430);
        var view = ContinuityQueries.ToView(ended);
        view.MeasuredLabel.Should().Be("7 h 10 min");
        view.StateLabel.Should().Be("Passed");
    }

    [Fact]
    public async Task Test4_after_a_restart_in_the_middle_of_a_drill_its_tasks_and_RTO_timer_go_on_and_the_time_is_measured_from_stored_timestamps()
    {
        var drillId = await QuarterlyDrillFiredAsync();
        await StartStepAsync(drillId, 1);
        host.Time.Advance(TimeSpan.FromHours(2));
        await CompleteAsync(drillId, 1, "restore log");
        await StartStepAsync(drillId, 2);
        await StartStepAsync(drillId, 3);

        host = await host.RestartAsync();
        host.Time.Advance(TimeSpan.FromMinutes(400));

        // The RTO timer planned before the restart fires after it; the steps under way are still under way.
        (await host.RunJobsAsync<ContinuityDrillJob>()).Should().Be(1);
        (await host.NotificationsOfAsync(ContinuityTestHost.Owner)).Should().ContainSingle(n => n.Kind == NotificationKinds.Escalation);
        await CompleteAsync(drillId, 3, null);
        await CompleteAsync(drillId, 2, "GET /health 200");
        await StartStepAsync(drillId, 4);
        host.Time.Advance(TimeSpan.FromMinutes(20));
        var ended = await CompleteAsync(drillId, 4, "PAY-1");

        // 2 h + 6 h 40 + 20 min from the first start, read from the stored timestamps: 9 h, over the 8 h RTO.
        ended.MeasuredMinutes.Should().Be(540);
        ended.State.Should().Be(DrillState.Failed);
    }

    [Fact]
    public async Task A_failed_step_creates_a_problem_and_fails_the_drill()
    {
        var drillId = await QuarterlyDrillFiredAsync();
        await StartStepAsync(drillId, 1);
        host.Time.Advance(TimeSpan.FromHours(1));

        var drill = await CompleteAsync(drillId, 1, null, failed: true);

        drill.State.Should().Be(DrillState.Failed);
        var problem = drill.Steps.Single(s => s.Order == 1).ProblemNumber;
        problem.Should().StartWith(RecordNumbers.Problem);
        var stored = await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Problems.AsNoTracking().SingleAsync(p => p.Number == problem));
        stored.ShortDescription.Should().Contain("Restore the database");
        stored.Service.Should().Be(host.Service);
    }

    [Fact]
    public async Task An_invalid_cron_is_refused_naming_it_and_nothing_is_stored_or_declared_an_ISO_interval_plans_its_first_run()
    {
        var invalid = () => host.Continuity<ContinuityDrills, DrillSchedule>(d => d.AddScheduleAsync(planId, new DrillScheduleInput(DrillType.Functional, "0 9 31 */3 * *x", null), ContinuityTestHost.By, Ct));
        (await invalid.Should().ThrowAsync<RecordValidationException>()).Which.Errors["cron"].Should().ContainSingle().Which.Should().Contain("'0 9 31 */3 * *x'");
        (await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Set<DrillSchedule>().CountAsync())).Should().Be(0);
        host.Jobs.Recurring.Should().BeEmpty();

        var iso = await host.Continuity<ContinuityDrills, DrillSchedule>(d => d.AddScheduleAsync(planId, new DrillScheduleInput(DrillType.FullScale, null, "R/2027-01-04T09:00:00Z/P3M"), ContinuityTestHost.By, Ct));
        iso.NextDueAt.Should().Be(new DateTime(2027, 1, 4, 9, 0, 0, DateTimeKind.Utc));
        host.Jobs.Of<ContinuityDrillJob>().Should().ContainSingle().Which.At.Should().Be(new DateTimeOffset(2027, 1, 4, 9, 0, 0, TimeSpan.Zero));

        // It fires: the drill starts and the next quarter is planned.
        host.Time.Advance(new DateTimeOffset(2027, 1, 4, 9, 0, 0, TimeSpan.Zero) - host.Time.GetUtcNow());
        (await host.RunJobsAsync<ContinuityDrillJob>()).Should().Be(1);
        host.Jobs.Of<ContinuityDrillJob>().Should().Contain(j => j.At == new DateTimeOffset(2027, 4, 4, 9, 0, 0, TimeSpan.Zero));
        (await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Set<ContinuityDrill>().CountAsync(d => d.Type == DrillType.FullScale))).Should().Be(1);
    }
}
