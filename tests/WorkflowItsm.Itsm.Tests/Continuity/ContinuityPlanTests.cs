using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Continuity;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Tests.Continuity;

/// <summary>Issue 21 test 2 (critical path against the RTO, owner told), test 6 (a change approved on a plan's CI), the step graph's bad input and the risk register.</summary>
public sealed class ContinuityPlanTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private ContinuityTestHost host = null!;

    public async ValueTask InitializeAsync()
    {
        host = await ContinuityTestHost.StartAsync(Start);
        await host.ApprovedAnalysisAsync();
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private static CancellationToken Ct => CancellationToken.None;

    /// <summary>Restore the database (2 h); then the application (3 h) and the interfaces (1 h) in parallel; then verify (1 h): 6 h along the critical path, 7 h in series.</summary>
    public static IReadOnlyList<StepInput> SixHourSteps =>
    [
        new() { Order = 1, Name = "Restore the database", Owner = ContinuityTestHost.Owner, EstimateMinutes = 120, RequiredEvidence = "Restore log" },
        new() { Order = 2, Name = "Start the application", Group = "payments-ops", EstimateMinutes = 180, DependsOn = [1], RequiredEvidence = "Health check output" },
        new() { Order = 3, Name = "Reconnect the interfaces", Group = "payments-ops", EstimateMinutes = 60, DependsOn = [1] },
        new() { Order = 4, Name = "Verify payments", Owner = ContinuityTestHost.Owner, EstimateMinutes = 60, DependsOn = [2, 3], RequiredEvidence = "Test payment reference" },
    ];

    private NewContinuityPlan Plan(IReadOnlyList<StepInput> steps) => new()
    {
        Service = host.Service, Title = "Payments recovery", Owner = ContinuityTestHost.Owner, Contacts = "Payments on-call +41 44 000 00 00", Steps = steps, Cis = [host.Server],
    };

    [Fact]
    public async Task Test2_a_6h_critical_path_within_RTO_8h_is_compliant_and_a_3h_serial_step_makes_9h_non_compliant_and_tells_the_owner()
    {
        var plan = await host.Continuity<ContinuityPlans, ContinuityPlan>(p => p.CreateAsync(Plan(SixHourSteps), ContinuityTestHost.By, Ct));

        plan.BestMinutes.Should().Be(360);
        plan.WorstMinutes.Should().Be(420);
        plan.Compliant.Should().BeTrue();
        var view = (await host.Continuity<ContinuityQueries, PlanView?>(q => q.PlanAsync(plan.Id, Ct)))!;
        view.ComplianceLabel.Should().Be("Compliant");
        view.RtoLabel.Should().Be("8 h");
        view.CriticalPath.Should().Equal(1, 2, 4);
        (await host.NotificationsOfAsync(ContinuityTestHost.Owner)).Should().BeEmpty();

        plan = await host.Continuity<ContinuityPlans, ContinuityPlan>(p => p.AddStepAsync(plan.Id,
            new StepInput { Name = "Reconcile the day's payments", EstimateMinutes = 180, DependsOn = [4] }, ContinuityTestHost.By, Ct));

        plan.BestMinutes.Should().Be(540);
        plan.Compliant.Should().BeFalse();
        plan.Steps.Should().Contain(s => s.Order == 5);
        var told = await host.NotificationsOfAsync(ContinuityTestHost.Owner);
        told.Should().ContainSingle().Which.Kind.Should().Be(NotificationKinds.Escalation);
        told[0].Body.Should().Contain("9 h").And.Contain("8 h").And.Contain("1 → 2 → 4 → 5");

        // Saved again while still non-compliant: not told twice.
        await host.Continuity<ContinuityPlans, ContinuityPlan>(p => p.RecheckAsync(plan.Id, Ct));
        (await host.NotificationsOfAsync(ContinuityTestHost.Owner)).Should().ContainSingle();
    }

    [Fact]
    public async Task A_step_depending_on_itself_or_steps_in_a_cycle_are_refused_naming_the_steps_and_nothing_is_stored()
    {
        var self = () => host.Continuity<ContinuityPlans, ContinuityPlan>(p => p.CreateAsync(Plan(
            [new() { Order = 1, Name = "A", EstimateMinutes = 10 }, new() { Order = 2, Name = "B", EstimateMinutes = 10, DependsOn = [2] }]), ContinuityTestHost.By, Ct));
        (await self.Should().ThrowAsync<RecordValidationException>()).Which.Errors["steps"].Should().ContainSingle().Which.Should().Be("Step 2 depends on itself.");

        var cycle = () => host.Continuity<ContinuityPlans, ContinuityPlan>(p => p.CreateAsync(Plan(
        [
            new() { Order = 1, Name = "A", EstimateMinutes = 10, DependsOn = [3] }, new() { Order = 2, Name = "B", EstimateMinutes = 10, DependsOn = [1] },
            new() { Order = 3, Name = "C", EstimateMinutes = 10, DependsOn = [2] }, new() { Order = 4, Name = "D", EstimateMinutes = 10 },
        ]), ContinuityTestHost.By, Ct));
        (await cycle.Should().ThrowAsync<RecordValidationException>()).Which.Errors["steps"].Should().ContainSingle().Which.Should().Contain("1 → 3 → 2 → 1");

        (await host.InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Set<ContinuityPlan>().CountAsync())).Should().Be(0);

        // On an existing plan, a cycle added later leaves the stored steps as they were.
        var plan = await host.Continuity<ContinuityPlans, ContinuityPlan>(p => p.CreateAsync(Plan(SixHourSteps), ContinuityTestHost.By, Ct));
        var later = () => host.Continuity<ContinuityPlans, ContinuityPlan>(p => p.SetStepsAsync(plan.Id,
            [new() { Order = 1, Name = "A", EstimateMinutes = 10, DependsOn = [2] }, new() { Order = 2, Name = "B", EstimateMinutes = 10, DependsOn = [1] }], ContinuityTestHost.By, Ct));
        (await later.Should().ThrowAsync<RecordValidationException>()).Which.Errors["steps"].Should().ContainSingle().Which.Should().Contain("1 → 2 → 1");
        (await host.Continuity<ContinuityQueries, PlanView?>(q => q.PlanAsync(plan.Id, Ct)))!.Steps.Should().HaveCount(4);
    }

    [Fact]
    public async Task Test6_a_change_approved_on_a_CI_in_the_plan_marks_the_plan_review_required()
    {
        var plan = await host.Continuity<ContinuityPlans, ContinuityPlan>(p => p.CreateAsync(Plan(SixHourSteps), ContinuityTestHost.By, Ct));
        await host.Continuity<ContinuityPlans, ContinuityPlan>(p => p.ActivateAsync(plan.Id, ContinuityTestHost.By, Ct));
        var other = await host.InScopeAsync(async s => (await s.GetRequiredService<CiService>().CreateAsync(
            new NewConfigurationItem { Name = "Intranet", Class = CmdbSeed.BusinessService }, ContinuityTestHost.By, Ct)).Number);
        var change = await host.InScopeAsync(async s => (await s.GetRequiredService<ChangeService>().CreateAsync(new NewChange
        {
            ShortDescription = "Patch the database server", Service = other, ConfigurationItem = host.Server,
            PlannedStart = Start.UtcDateTime.AddDays(3), PlannedEnd = Start.UtcDateTime.AddDays(3).AddHours(2), ImplementationPlan = "Patch.", BackoutPlan = "Restore the snapshot.",
        }, ContinuityTestHost.By, Ct)).Number);

        var path = ChangeLifecycle.HappyPath(ChangeType.Normal).ToList();
        foreach (var state in path.Skip(1).TakeWhile(s => s != ChangeState.Scheduled))
        {
            await host.InScopeAsync(s => s.GetRequiredService<ChangeService>().TransitionAsync(change, new ChangeTransition(state), ContinuityTestHost.By, Ct));
        }

        (await host.Continuity<ContinuityQueries, PlanView?>(q => q.PlanAsync(plan.Id, Ct)))!.State.Should().Be(ContinuityPlanState.Active);

        await host.InScopeAsync(s => s.GetRequiredService<ChangeService>().TransitionAsync(change, new ChangeTransition(ChangeState.Scheduled), ContinuityTestHost.By, Ct));

        var view = (await host.Continuity<ContinuityQueries, PlanView?>(q => q.PlanAsync(plan.Id, Ct)))!;
        view.State.Should().Be(ContinuityPlanState.ReviewRequired);
        view.StateLabel.Should().Be("Review required");
        view.ReviewReason.Should().Contain(change).And.Contain(host.Server);
    }

    [Fact]
    public async Task Risks_are_scored_likelihood_times_impact_listed_highest_first_and_bad_input_names_the_fields()
    {
        var plan = await host.Continuity<ContinuityPlans, ContinuityPlan>(p => p.CreateAsync(Plan(SixHourSteps), ContinuityTestHost.By, Ct));
        await host.Continuity<ContinuityRisks, ContinuityRisk>(r => r.CreateAsync(new ContinuityRiskInput
        {
            Title = "Data centre flood", Likelihood = 2, Impact = 5, Owner = ContinuityTestHost.Owner, Mitigations = "Second site.", ReviewDate = new DateOnly(2027, 6, 1),
            Services = [host.Service], Plans = [plan.Id],
        }, ContinuityTestHost.By, Ct));
        await host.Continuity<ContinuityRisks, ContinuityRisk>(r => r.CreateAsync(new ContinuityRiskInput
        {
            Title = "Ransomware", Likelihood = 4, Impact = 4, Owner = ContinuityTestHost.Owner, ReviewDate = new DateOnly(2027, 3, 1),
        }, ContinuityTestHost.By, Ct));

        var risks = await host.Continuity<ContinuityRisks, IReadOnlyList<ContinuityRisk>>(r => r.ListAsync(Ct));
        risks.Select(r => (r.Title, r.Score)).Should().Equal(("Ransomware", 16), ("Data centre flood", 10));
        risks[1].Plans.Should().Equal(plan.Id);

        var bad = () => host.Continuity<ContinuityRisks, ContinuityRisk>(r => r.CreateAsync(new ContinuityRiskInput { Title = "X", Likelihood = 6, Owner = "o", Plans = [999] }, ContinuityTestHost.By, Ct));
        (await bad.Should().ThrowAsync<RecordValidationException>()).Which.Errors.Keys.Should().BeEquivalentTo(["likelihood", "impact", "reviewDate", "plans"]);
    }
}
