using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Web.Tests.Api;

/// <summary>
/// The graph view's data: GET /api/cmdb/cis/{number}/neighbours pages a CI's relations (a capped page, "more" for the
/// rest, a next page by skip), a cycle gives each CI once, bad paging is 400 naming the parameter, an unknown CI 404.
/// </summary>
public sealed class CmdbGraphApiTests(CmdbGraphApiTests.Setup shared) : IClassFixture<CmdbGraphApiTests.Setup>
{
    private const string Password = "Cmdb-Graph-Pass-1!";

    public sealed class Setup : SharedHost
    {
        public HttpClient Agent { get; private set; } = null!;

        public override async ValueTask InitializeAsync()
        {
            await CreatePersonAsync("graph.agent", Password, Roles.Agent, "service-desk");
            Agent = await SignInAsync("graph.agent", Password);
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> CiAsync(string name, string @class)
    {
        await using var scope = shared.Host.Services.CreateAsyncScope();
        var ci = await scope.ServiceProvider.GetRequiredService<CiService>().CreateAsync(
            new NewConfigurationItem { Name = name, Class = @class, State = CiState.Operational }, "graph.agent", Ct);
        return ci.Number;
    }

    private async Task RelateAsync(string source, string type, string target)
    {
        await using var scope = shared.Host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CiRelations>().AddAsync(new NewCiRelation(source, type, target), "graph.agent", Ct);
    }

    private async Task<JsonElement> NeighboursAsync(string number, string query)
    {
        using var response = await shared.Agent.GetAsync($"/api/cmdb/cis/{number}/neighbours?{query}", Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private static List<string> Numbers(JsonElement page) => [.. page.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("number").GetString()!)];

    [Fact]
    public async Task Graph_view_a_switch_with_60_servers_is_expanded_25_at_a_time_with_the_count_of_the_rest()
    {
        var hub = await CiAsync("graph-core-switch", CmdbSeed.NetworkDevice);
        for (var i = 0; i < 60; i++)
        {
            await RelateAsync(await CiAsync($"graph-srv-{i:00}", CmdbSeed.Server), CmdbSeed.ConnectsTo, hub);
        }

        var first = await NeighboursAsync(hub, "limit=25");
        first.GetProperty("total").GetInt32().Should().Be(60);
        first.GetProperty("more").GetInt32().Should().Be(35);
        Numbers(first).Should().HaveCount(25);
        var edge = first.GetProperty("edges")[0];
        edge.GetProperty("target").GetString().Should().Be(hub);
        edge.GetProperty("words").GetString().Should().Be("connects to", "a relation is read from its source, as people read it");
        first.GetProperty("ci").GetProperty("className").GetString().Should().Be("Network device");

        var second = await NeighboursAsync(hub, "skip=25&limit=25");
        second.GetProperty("more").GetInt32().Should().Be(10);
        Numbers(second).Should().HaveCount(25).And.NotIntersectWith(Numbers(first));
        var last = await NeighboursAsync(hub, "skip=50&limit=25");
        last.GetProperty("more").GetInt32().Should().Be(0);
        Numbers(first).Concat(Numbers(second)).Concat(Numbers(last)).Should().OnlyHaveUniqueItems().And.HaveCount(60);

        (await NeighboursAsync(hub, "")).GetProperty("nodes").GetArrayLength().Should().Be(CiNeighbours.DefaultLimit, "the default page is capped too");
    }

    [Fact]
    public async Task Graph_view_a_cycle_gives_each_neighbour_once_and_expanding_round_it_ends()
    {
        var a = await CiAsync("graph-ring-a", CmdbSeed.NetworkDevice);
        var b = await CiAsync("graph-ring-b", CmdbSeed.NetworkDevice);
        var c = await CiAsync("graph-ring-c", CmdbSeed.NetworkDevice);
        await RelateAsync(a, CmdbSeed.ConnectsTo, b);
        await RelateAsync(b, CmdbSeed.ConnectsTo, a);
        await RelateAsync(b, CmdbSeed.ConnectsTo, c);
        await RelateAsync(c, CmdbSeed.ConnectsTo, a);

        var ofA = await NeighboursAsync(a, "limit=50");
        Numbers(ofA).Should().BeEquivalentTo([b, c], "b is related to a both ways but is one neighbour");
        ofA.GetProperty("edges").GetArrayLength().Should().Be(3);
        ofA.GetProperty("more").GetInt32().Should().Be(0);

        // Expanding as the page does (each CI once) visits the ring and stops.
        var seen = new HashSet<string> { a };
        var queue = new Queue<string>([a]);
        var expansions = 0;
        while (queue.TryDequeue(out var number))
        {
            expansions++;
            foreach (var next in Numbers(await NeighboursAsync(number, "limit=50")).Where(seen.Add))
            {
                queue.Enqueue(next);
            }
        }

        expansions.Should().Be(3);
        seen.Should().BeEquivalentTo([a, b, c]);
    }

    [Fact]
    public async Task Graph_view_bad_paging_is_400_naming_the_parameter_and_an_unknown_CI_is_404()
    {
        var ci = await CiAsync("graph-lonely", CmdbSeed.Location);
        using var zero = await shared.Agent.GetAsync($"/api/cmdb/cis/{ci}/neighbours?limit=0", Ct);
        zero.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await zero.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("limit", out _).Should().BeTrue();
        using var tooMany = await shared.Agent.GetAsync($"/api/cmdb/cis/{ci}/neighbours?limit=201&skip=-1", Ct);
        var errors = (await tooMany.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        errors.TryGetProperty("limit", out _).Should().BeTrue();
        errors.TryGetProperty("skip", out _).Should().BeTrue();
        using var missing = await shared.Agent.GetAsync("/api/cmdb/cis/CI9999999/neighbours", Ct);
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var lonely = await NeighboursAsync(ci, "");
        lonely.GetProperty("total").GetInt32().Should().Be(0);
        lonely.GetProperty("nodes").GetArrayLength().Should().Be(0);
    }
}
