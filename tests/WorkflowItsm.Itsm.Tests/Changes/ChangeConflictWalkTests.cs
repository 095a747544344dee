using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Changes.Conflicts;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Tests.Configuration;

namespace WorkflowItsm.Itsm.Tests.Changes;

/// <summary>
/// Issue 18, scale: the conflict check walks the CMDB around a change's CIs in one walk (two queries per level, relations and the CIs reached, for the
/// downstream and every upstream analysis together) and finds the same related CIs and paths as the separate analyses.
/// </summary>
public sealed class ChangeConflictWalkTests : IAsyncLifetime
{
    private static readonly DateTime Night = new(2026, 12, 7, 22, 0, 0, DateTimeKind.Utc);
    private CmdbTestHost host = null!;
    private ConfigurationItem pay = null!;
    private ConfigurationItem appA = null!;
    private ConfigurationItem srvS = null!;
    private ConfigurationItem srvT = null!;
    private ConfigurationItem dbD = null!;
    private ConfigurationItem switch1 = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Pay depends on AppA; AppA runs on SrvS and depends on DbD, which runs on SrvT; SrvS connects to Switch1; AppA also ran on the retired SrvOld.</summary>
    public async ValueTask InitializeAsync()
    {
        host = await CmdbTestHost.StartAsync();
        pay = await host.CreateAsync("Pay", CmdbSeed.BusinessService);
        appA = await host.CreateAsync("AppA", CmdbSeed.Application);
        srvS = await host.CreateAsync("SrvS", CmdbSeed.Server);
        srvT = await host.CreateAsync("SrvT", CmdbSeed.Server);
        dbD = await host.CreateAsync("DbD", CmdbSeed.Database);
        switch1 = await host.CreateAsync("Switch1", CmdbSeed.NetworkDevice, new Dictionary<string, string?> { ["deviceType"] = "switch" });
        var srvOld = await host.CreateAsync("SrvOld", CmdbSeed.Server);
        await host.RelateAsync(pay, CmdbSeed.DependsOn, appA);
        await host.RelateAsync(appA, CmdbSeed.RunsOn, srvS);
        await host.RelateAsync(appA, CmdbSeed.DependsOn, dbD);
        await host.RelateAsync(dbD, CmdbSeed.RunsOn, srvT);
        await host.RelateAsync(srvS, CmdbSeed.ConnectsTo, switch1);
        await host.RelateAsync(appA, CmdbSeed.RunsOn, srvOld);
        await host.TransitionAsync(srvOld.Number, CiState.Retired);
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task Scale_the_walk_together_finds_what_the_separate_downstream_and_upstream_analyses_find()
    {
        string[] cis = [appA.Number, srvS.Number];
        var together = await host.InScopeAsync(s => s.GetRequiredService<ImpactAnalysis>().SurroundingsAsync(cis, 4, 2, Ct));
        var downstream = await host.InScopeAsync(s => s.GetRequiredService<ImpactAnalysis>().DownstreamAsync(cis, 4, Ct));
        var upstreamA = await host.InScopeAsync(s => s.GetRequiredService<ImpactAnalysis>().UpstreamAsync(appA.Number, 2, Ct));
        var upstreamS = await host.InScopeAsync(s => s.GetRequiredService<ImpactAnalysis>().UpstreamAsync(srvS.Number, 2, Ct));

        together.Downstream.Items.Should().Equal(downstream.Items);
        together.UpstreamOfEach.Should().HaveCount(2);
        together.UpstreamOfEach[0].Items.Should().Equal(upstreamA.Items);
        together.UpstreamOfEach[1].Items.Should().Equal(upstreamS.Items);

        together.Downstream.Items.Select(i => (i.Name, i.Depth, i.Via)).Should().Equal(("Pay", 1, appA.Number));
        together.UpstreamOfEach[0].Items.Select(i => (i.Name, i.Depth, i.Via)).Should().Equal(
            ("DbD", 1, appA.Number), ("SrvS", 1, appA.Number), ("SrvT", 2, dbD.Number), ("Switch1", 2, srvS.Number));
        together.UpstreamOfEach[1].Items.Select(i => (i.Name, i.Depth, i.Via)).Should().Equal(("Switch1", 1, srvS.Number));
    }

    [Fact]
    public async Task Scale_the_conflict_check_names_related_CIs_two_relations_away_with_their_paths_in_a_few_queries_whatever_the_CIs()
    {
        await host.AddChangeAsync("Patch SrvT", ChangeState.Scheduled, Night, Night.AddHours(1), "bob", srvT.Number);
        await host.AddChangeAsync("Swap Switch1", ChangeState.Scheduled, Night, Night.AddHours(1), "carl", switch1.Number);
        var mine = await host.AddChangeAsync("Upgrade AppA", ChangeState.Authorize, Night.AddMinutes(30), Night.AddMinutes(90), "eve", appA.Number, srvS.Number);

        var before = 0;
        var found = await host.InScopeAsync(async s =>
        {
            var change = await host.ChangeAsync(mine.Number);
            before = host.Commands.Count;
            return await s.GetRequiredService<ChangeConflictCheck>().CheckAsync(change, Ct);
        });
        var queries = host.Commands.Count - before;

        // Switch1 is reached from AppA (the first CI) two relations away before SrvS, one away: the first path found is kept, as before.
        found.Select(f => (f.Kind, f.CiNumbers.Single(), f.RelationPath)).Should().BeEquivalentTo(new[]
        {
            (ChangeConflictKind.RelatedCi, srvT.Number, "AppA depends on DbD, and DbD runs on SrvT"),
            (ChangeConflictKind.RelatedCi, switch1.Number, "AppA runs on SrvS, and SrvS connects to Switch1"),
        });
        // CI names, their ids, relation types, 4 levels of 2 (downstream and both upstream walks together), CI classes,
        // the planned changes, the assignee's, the windows: no query per CI, per analysis or per related CI.
        queries.Should().BeLessThanOrEqualTo(15);
    }
}
