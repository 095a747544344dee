using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Calendars;
using WorkflowItsm.Itsm.Changes.Freezes;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Releases;

namespace WorkflowItsm.Itsm.Tests.Releases;

/// <summary>The deployment gate on the domain: change freezes are blackouts for deployments, and a go/no-go approved outside its window waits for the window.</summary>
public sealed class DeploymentGateTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTime Now = Start.UtcDateTime;
    private ReleaseTestHost host = null!;

    public async ValueTask InitializeAsync() => host = await ReleaseTestHost.StartAsync(Start);

    public ValueTask DisposeAsync() => host.DisposeAsync();

    /// <summary>A started release with one phase (no gates to pass) deployed to test then production.</summary>
    private async Task<string> StartedReleaseAsync()
    {
        var release = await host.CreateAsync(new NewRelease
        {
            ShortDescription = "Checkout release", Service = host.Service, Version = "4.3.0", ReadinessDate = new DateOnly(2027, 3, 5),
            Environments = ["test", "production"],
            Phases = [new PhaseInput("Implementation", 2, [new GateInput("G5", "Deployed everywhere", GateKind.Policy, GatePolicy.DeployedEverywhere)])],
        });
        await host.MoveAsync(release.Number, ReleaseState.Pending);
        await host.MoveAsync(release.Number, ReleaseState.InProgress);
        return release.Number;
    }

    private Task<ChangeWindow> WindowAsync(string name, ChangeWindowKind kind, string environment, DateTime start, DateTime end) => host.InScopeAsync(s =>
        s.GetRequiredService<ChangeWindows>().CreateAsync(new NewChangeWindow { Name = name, Kind = kind, Environment = environment, Start = start, End = end }, "carla", CancellationToken.None));

    private Task<DeploymentGateAnswer> AskAsync(string number, string environment) =>
        host.InScopeAsync(s => s.GetRequiredService<ReleaseDeployments>().AskAsync(number, environment, CancellationToken.None));

    [Fact]
    public async Task An_enforced_change_freeze_on_the_service_prevents_deployments_names_the_freeze_and_the_next_window_after_it()
    {
        var number = await StartedReleaseAsync();
        await WindowAsync("Test window", ChangeWindowKind.Maintenance, "test", Now.AddHours(-1), Now.AddDays(10));
        var payroll = await host.InScopeAsync(async s => (await s.GetRequiredService<CiService>().CreateAsync(
            new NewConfigurationItem { Name = "Payroll", Class = CmdbSeed.BusinessService }, ReleaseTestHost.By, CancellationToken.None)).Number);
        await host.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<ItsmDbContext>();
            db.Add(new ChangeFreeze
            {
                Number = "FRZ0009001", ShortDescription = "Year-end freeze", State = ChangeFreezeState.Enforced, OpenedBy = "carla", OpenedAt = Now, UpdatedAt = Now,
                Start = Now.AddHours(-2), End = Now.AddDays(2), Scope = [new ChangeFreezeScope { CiNumber = host.Service }],
            });
            // A freeze on another service does not matter.
            db.Add(new ChangeFreeze
            {
                Number = "FRZ0009002", ShortDescription = "Payroll freeze", State = ChangeFreezeState.Enforced, OpenedBy = "carla", OpenedAt = Now, UpdatedAt = Now,
                Start = Now.AddHours(-2), End = Now.AddDays(5), Scope = [new ChangeFreezeScope { CiNumber = payroll }],
            });
            await db.SaveChangesAsync();
        });

        var answer = await AskAsync(number, "test");

        answer.Decision.Should().Be(DeploymentDecision.Prevented);
        answer.Reason.Should().Contain("Year-end freeze (FRZ0009001)").And.NotContain("Payroll");
        answer.NextWindow!.Start.Should().Be(Now.AddDays(2), "the next window starts when the freeze ends");
        var refused = () => host.DeployAsync(number, "test");
        (await refused.Should().ThrowAsync<ReleaseConflictException>()).Which.Details["decision"].Should().Be("prevented");
        (await host.DetailsAsync(number)).Deployments.Should().BeEmpty("nothing is started when the gate refuses");
    }

    [Fact]
    public async Task A_go_no_go_approved_after_the_window_closed_waits_for_the_next_window_then_starts()
    {
        var number = await StartedReleaseAsync();
        await host.DeployAsync(number, "test");
        await host.FinishAsync(number, "test");
        await WindowAsync("Tonight", ChangeWindowKind.Maintenance, "production", Now.AddHours(-1), Now.AddHours(1));
        await WindowAsync("Tomorrow night", ChangeWindowKind.Maintenance, "production", Now.AddDays(1), Now.AddDays(1).AddHours(2));
        var production = await host.DeployAsync(number, "production");

        // The window closes before the last vote.
        host.Time.Advance(TimeSpan.FromHours(2));
        await host.VoteAsync(production.ApprovalId!, "rita");
        await host.VoteAsync(production.ApprovalId!, "sam");

        var details = await host.DetailsAsync(number);
        var waiting = details.Deployments.Single(d => d.Environment == "production");
        waiting.State.Should().Be(DeploymentState.AwaitingWindow);
        waiting.StateText.Should().Be("Go: waiting for the window");
        waiting.StartedAt.Should().BeNull();

        // The gate timer in the next window starts it.
        host.Time.Advance(TimeSpan.FromDays(1) - TimeSpan.FromHours(1));
        await host.GateTimerAsync();
        var started = (await host.DetailsAsync(number)).Deployments.Single(d => d.Environment == "production");
        started.State.Should().Be(DeploymentState.Started);
        started.StartedAt.Should().Be(Now.AddDays(1).AddHours(1));
    }

    [Fact]
    public void The_next_window_of_an_environment_without_windows_has_no_end_rather_than_year_9999()
    {
        var blackout = new WindowOpening(Now.AddHours(-1), Now.AddHours(3), "Payroll blackout");

        var answer = DeploymentWindows.Decide(Now, "staging", [], environmentHasWindows: false, [blackout]);
        var view = NextWindowView.Of(answer.NextWindow);

        view!.Start.Should().Be(Now.AddHours(3));
        view.End.Should().BeNull();
        answer.Reason.Should().Contain("Deployments may start from");
    }
}
