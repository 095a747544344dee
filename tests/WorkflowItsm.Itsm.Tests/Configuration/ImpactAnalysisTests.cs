using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Configuration;

namespace WorkflowItsm.Itsm.Tests.Configuration;

/// <summary>Impact analysis both ways, with cluster redundancy, cycles and the depth limit.</summary>
public sealed class ImpactAnalysisTests : IAsyncLifetime
{
    private CmdbTestHost host = null!;
    private ConfigurationItem pay = null!;
    private ConfigurationItem cluster = null!;
    private ConfigurationItem srv1 = null!;
    private ConfigurationItem srv2 = null!;
    private ConfigurationItem switch1 = null!;

    /// <summary>Scenario 3: service Pay → cluster (min up 1 of 2) → Srv1, Srv2 → Switch1.</summary>
    public async ValueTask InitializeAsync()
    {
        host = await CmdbTestHost.StartAsync();
        pay = await host.CreateAsync("Pay", "business-service");
        cluster = await host.CreateAsync("Pay cluster", "application-cluster", new Dictionary<string, string?> { ["minUp"] = "1", ["minUpUnit"] = "count" });
        srv1 = await host.CreateAsync("Srv1", "server");
        srv2 = await host.CreateAsync("Srv2", "server");
        switch1 = await host.CreateAsync("Switch1", "network-device", new Dictionary<string, string?> { ["deviceType"] = "switch" });
        await host.RelateAsync(pay, CmdbSeed.DependsOn, cluster);
        await host.RelateAsync(srv1, CmdbSeed.MemberOf, cluster);
        await host.RelateAsync(srv2, CmdbSeed.MemberOf, cluster);
        await host.RelateAsync(srv1, CmdbSeed.ConnectsTo, switch1);
        await host.RelateAsync(srv2, CmdbSeed.ConnectsTo, switch1);
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task An_incident_on_Switch1_affects_Pay_and_one_on_Srv1_only_its_named_service_matched_loosely_by_name()
    {
        var onSwitch = await host.InScopeAsync(s => s.GetRequiredService<AffectedServices>().OfAsync(null, switch1.Number, TestContext.Current.CancellationToken));
        onSwitch.Should().ContainSingle().Which.Should().Be(new AffectedService(pay.Number, "Pay", BusinessCriticality.Medium, "Needs Switch1"));

        // Records from before the CMDB name their CI and service as text: "srv1" is Srv1 (redundant: no impact), "p-a-y" the Pay service.
        var byName = await host.InScopeAsync(s => s.GetRequiredService<AffectedServices>().OfAsync("p-a-y", "srv1", TestContext.Current.CancellationToken));
        byName.Select(a => (a.Name, a.Reason)).Should().Equal(("Pay", "The service of the record"));

        (await host.InScopeAsync(s => s.GetRequiredService<AffectedServices>().OfAsync("payroll", "nothing-01", TestContext.Current.CancellationToken)))
            .Should().BeEmpty("names that are no CI's affect nothing");
    }

    [Fact]
    public async Task Scenario_3_Switch1_down_impacts_Srv1_Srv2_the_cluster_and_Pay()
    {
        var impact = await host.DownstreamAsync(switch1);

        impact.Items.Select(i => (i.Name, i.Depth)).Should().Equal(("Srv1", 1), ("Srv2", 1), ("Pay cluster", 2), ("Pay", 3));
        impact.BusinessServices.Select(s => s.Number).Should().Equal(pay.Number);
        impact.Items.Single(i => i.Name == "Pay").Should().Match<ImpactedCi>(i => i.Via == cluster.Number && i.Relation == "depends on");
        impact.Items.Single(i => i.Name == "Srv1").Relation.Should().Be("connects to");
        impact.DepthLimitReached.Should().BeFalse();
    }

    [Fact]
    public async Task Scenario_3_Srv1_alone_down_impacts_nothing_above_it_and_both_down_at_once_impact_the_cluster_and_Pay()
    {
        (await host.DownstreamAsync(srv1)).Items.Should().BeEmpty();

        var both = await host.DownstreamAsync(srv1, srv2);

        both.Items.Select(i => i.Name).Should().Equal("Pay cluster", "Pay");
    }

    [Fact]
    public async Task Scenario_3_a_cycle_terminates()
    {
        await host.RelateAsync(cluster, CmdbSeed.DependsOn, pay); // Pay → cluster → Pay

        var impact = await host.DownstreamAsync(switch1);
        var upstream = await host.UpstreamAsync(pay);

        impact.Items.Select(i => i.Name).Should().Equal("Srv1", "Srv2", "Pay cluster", "Pay");
        upstream.Items.Select(i => i.Name).Should().BeEquivalentTo("Pay cluster", "Srv1", "Srv2", "Switch1");
    }

    [Fact]
    public async Task Upstream_lists_what_a_service_depends_on_in_the_words_read_from_each_CI_and_stops_at_the_depth_limit()
    {
        var upstream = await host.UpstreamAsync(pay);

        upstream.Items.Select(i => (i.Name, i.Depth, i.Relation)).Should().Equal(
            ("Pay cluster", 1, "used by"), ("Srv1", 2, "member of"), ("Srv2", 2, "member of"), ("Switch1", 3, "connected from"));
        var shallow = await host.UpstreamAsync(pay, depth: 2);
        shallow.Items.Select(i => i.Name).Should().Equal("Pay cluster", "Srv1", "Srv2");
        shallow.DepthLimitReached.Should().BeTrue();
    }

    [Fact]
    public async Task A_retired_CI_is_out_of_the_graph_it_is_not_reached_and_no_longer_holds_its_cluster_up()
    {
        await host.TransitionAsync(srv2.Number, CiState.Retired);

        (await host.DownstreamAsync(switch1)).Items.Select(i => i.Name).Should().Equal("Srv1", "Pay cluster", "Pay");
        (await host.DownstreamAsync(srv1)).Items.Select(i => i.Name).Should().Equal(["Pay cluster", "Pay"], "Srv1 is the cluster's last member up");
        (await host.UpstreamAsync(pay)).Items.Select(i => i.Name).Should().NotContain("Srv2");
    }

    [Fact]
    public async Task A_cluster_whose_min_up_is_a_percent_is_impacted_when_fewer_than_that_share_of_members_are_up()
    {
        var srv3 = await host.CreateAsync("Srv3", "server");
        await host.RelateAsync(srv3, CmdbSeed.MemberOf, cluster);
        await host.UpdateAsync(cluster.Number, new CiChanges { Attributes = new Dictionary<string, string?> { ["minUp"] = "50", ["minUpUnit"] = "percent" } });

        (await host.DownstreamAsync(srv1)).Items.Should().BeEmpty(); // 2 of 3 up: 67 %
        (await host.DownstreamAsync(srv1, srv3)).Items.Select(i => i.Name).Should().Equal("Pay cluster", "Pay"); // 1 of 3 up: 33 %
    }
}
