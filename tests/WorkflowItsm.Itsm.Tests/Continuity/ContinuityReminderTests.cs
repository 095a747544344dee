using WorkflowItsm.Itsm.Continuity;

namespace WorkflowItsm.Itsm.Tests.Continuity;

/// <summary>Issue 21 test 5: the coverage (no drill in 12 months) and currency (BIA older than a year) reminders fire exactly once.</summary>
public sealed class ContinuityReminderTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private ContinuityTestHost host = null!;

    public async ValueTask InitializeAsync()
    {
        host = await ContinuityTestHost.StartAsync(Start);
        await host.Continuity<BusinessImpactAnalyses, BusinessImpactAnalysis>(b => b.SaveAsync(host.Service, BusinessImpactTests.Test1Analysis, ContinuityTestHost.By, Ct));
        await host.Continuity<ContinuityPlans, ContinuityPlan>(p => p.CreateAsync(new NewContinuityPlan
        {
            Service = host.Service, Title = "Payments recovery", Owner = ContinuityTestHost.Owner, Steps = ContinuityPlanTests.SixHourSteps,
        }, ContinuityTestHost.By, Ct));
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private static CancellationToken Ct => CancellationToken.None;

    private Task<int> RunAsync() => host.Continuity<ContinuityReminderJob, int>(j => j.RunAsync(Ct));

    [Fact]
    public async Task Test5_a_plan_without_a_drill_in_12_months_and_a_BIA_older_than_a_year_remind_the_owner_exactly_once()
    {
        (await RunAsync()).Should().Be(0, "a new plan and a new analysis are current");

        host.Time.Advance(TimeSpan.FromDays(366));
        (await RunAsync()).Should().Be(2);
        var told = await host.NotificationsOfAsync(ContinuityTestHost.Owner);
        told.Should().HaveCount(2);
        told.Should().Contain(n => n.Body.Contains("no drill in 12 months")).And.Contain(n => n.Body.Contains("more than a year ago"));

        host.Time.Advance(TimeSpan.FromDays(1));
        (await RunAsync()).Should().Be(0);
        host.Time.Advance(TimeSpan.FromDays(30));
        (await RunAsync()).Should().Be(0);
        (await host.NotificationsOfAsync(ContinuityTestHost.Owner)).Should().HaveCount(2);
    }
}
