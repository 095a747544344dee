using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Problems;

namespace WorkflowItsm.Itsm.Tests.Problems;

/// <summary>
/// Recurring-incident detection with a threshold of 3 incidents within 2 days, on a fake clock: by configuration
/// item, else by category; idempotent; later incidents join the open proposal; accepted and dismissed proposals.
/// </summary>
public sealed class RecurringIncidentDetectionJobTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private ProblemTestHost host = null!;

    public async ValueTask InitializeAsync() =>
        host = await ProblemTestHost.StartAsync(Start, new ProblemDetectionOptions { Threshold = 3, Window = TimeSpan.FromDays(2) });

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Three_incidents_on_one_CI_within_the_window_make_one_proposal_however_often_the_job_runs()
    {
        var old = await host.IncidentAsync("VPN dropped", configurationItem: "vpn-gw-1");
        host.Time.Advance(TimeSpan.FromDays(3)); // the first one falls out of the window
        var recent = new List<Incident>();
        foreach (var item in new[] { "vpn-gw-1", "VPN-GW-1", "vpn-gw-1" })
        {
            recent.Add(await host.IncidentAsync("VPN dropped", configurationItem: item, category: "network"));
            host.Time.Advance(TimeSpan.FromHours(1));
        }

        await host.IncidentAsync("Printer jam", configurationItem: "printer-7");

        await host.DetectAsync();
        await host.DetectAsync();

        var proposal = (await host.ProposalsAsync()).Should().ContainSingle().Subject;
        proposal.Basis.Should().Be(ProblemProposalBasis.ConfigurationItem);
        proposal.Key.Should().Be(await host.CiAsync("vpn-gw-1"));
        proposal.Status.Should().Be(ProblemProposalStatus.Open);
        proposal.Incidents.Should().BeEquivalentTo(recent.Select(i => i.Number));
        proposal.Incidents.Should().NotContain(old.Number);
        proposal.WindowStart.Should().Be(host.Time.GetUtcNow().UtcDateTime - TimeSpan.FromDays(2));
    }

    [Fact]
    public async Task Incidents_without_a_CI_are_grouped_by_category_and_a_later_one_joins_the_open_proposal()
    {
        for (var i = 0; i < 3; i++)
        {
            await host.IncidentAsync("Cannot print", category: "hardware");
        }

        await host.IncidentAsync("Wi-Fi slow", category: "network");
        await host.DetectAsync();
        host.Time.Advance(TimeSpan.FromHours(5));
        var later = await host.IncidentAsync("Cannot print either", category: "hardware");

        await host.DetectAsync();

        var proposal = (await host.ProposalsAsync()).Should().ContainSingle().Subject;
        proposal.Basis.Should().Be(ProblemProposalBasis.Category);
        proposal.Key.Should().Be("hardware");
        proposal.Incidents.Should().HaveCount(4).And.Contain(later.Number);
        proposal.WindowEnd.Should().Be(host.Time.GetUtcNow().UtcDateTime);
    }

    [Fact]
    public async Task Incidents_linked_to_an_open_problem_or_cancelled_do_not_count()
    {
        var linked = await host.IncidentAsync("Disk full", configurationItem: "db-1");
        await host.IncidentAsync("Disk full", configurationItem: "db-1");
        var withdrawn = await host.IncidentAsync("Disk full", configurationItem: "db-1");
        await host.CreateAsync(new NewProblem { ShortDescription = "Database disk fills up", Incidents = [linked.Number] });
        await host.InScopeAsync(s => s.GetRequiredService<IncidentService>().TransitionAsync(withdrawn.Number, new IncidentTransition(IncidentState.Cancelled), "ana", Ct));

        await host.DetectAsync();

        (await host.ProposalsAsync()).Should().BeEmpty("only one incident on db-1 is neither linked nor cancelled");
    }

    [Fact]
    public async Task Accepting_creates_a_problem_linked_to_the_incidents_and_a_dismissed_proposal_is_not_made_again()
    {
        var network = new List<Incident>();
        for (var i = 0; i < 3; i++)
        {
            network.Add(await host.IncidentAsync("VPN dropped", configurationItem: "vpn-gw-1", category: "network", group: "network-team"));
            await host.IncidentAsync("Cannot print", configurationItem: "printer-7");
        }

        await host.DetectAsync();
        var proposals = await host.ProposalsAsync(ProblemProposalStatus.Open);
        var vpnGateway = await host.CiAsync("vpn-gw-1");
        var printerNumber = await host.CiAsync("printer-7");
        var vpn = proposals.Single(p => p.Key == vpnGateway);
        var printer = proposals.Single(p => p.Key == printerNumber);

        var problem = await host.InScopeAsync(s => s.GetRequiredService<ProblemProposals>().AcceptAsync(vpn.Id, new ProblemProposalAcceptance(), "ana", Ct));
        await host.InScopeAsync(async s =>
        {
            await s.GetRequiredService<ProblemProposals>().DismissAsync(printer.Id, "ana", Ct);
            return true;
        });
        var again = () => host.InScopeAsync(s => s.GetRequiredService<ProblemProposals>().AcceptAsync(printer.Id, new ProblemProposalAcceptance(), "ana", Ct));
        await host.DetectAsync();

        problem.ShortDescription.Should().Be($"Recurring incidents on vpn-gw-1 ({vpnGateway})");
        problem.ConfigurationItem.Should().Be(vpnGateway);
        problem.Category.Should().Be("network");
        problem.AssignmentGroup.Should().Be("network-team", "the group that worked most of the incidents");
        (await host.DetailsAsync(problem.Number)).Incidents.Select(i => i.Number).Should().BeEquivalentTo(network.Select(i => i.Number));
        (await again.Should().ThrowAsync<ProblemProposalDecidedException>()).Which.Status.Should().Be(ProblemProposalStatus.Dismissed);
        var all = await host.ProposalsAsync();
        all.Should().HaveCount(2, "the dismissed incidents are not proposed again");
        all.Single(p => p.Id == vpn.Id).Problem.Should().Be(problem.Number);
        all.Single(p => p.Id == printer.Id).Status.Should().Be(ProblemProposalStatus.Dismissed);
    }
}
