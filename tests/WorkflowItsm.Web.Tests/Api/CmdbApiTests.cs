using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Web.Tests.Api;

/// <summary>
/// The CMDB through /api/cmdb: scenario 3's estate built by an agent and its impact both ways, problem details for
/// bad input (unknown class or attribute, wrong type, relation not allowed, missing CI), 409 for a lifecycle move,
/// classes read by staff and defined by admins.
/// </summary>
public sealed class CmdbApiTests(CmdbApiTests.Setup shared) : IClassFixture<CmdbApiTests.Setup>
{
    private const string Password = "Cmdb-Pass-1!";

    private HttpClient agent => shared.Agent;

    public sealed class Setup : SharedHost
    {
        public HttpClient Agent { get; private set; } = null!;
        public HttpClient Admin { get; private set; } = null!;
        public HttpClient CabMember { get; private set; } = null!;

        public override async ValueTask InitializeAsync()
        {
            await CreatePersonAsync("cmdb.agent", Password, Roles.Agent, "service-desk");
            await CreatePersonAsync("cmdb.cab", Password, Roles.CabMember);
            Agent = await SignInAsync("cmdb.agent", Password);
            CabMember = await SignInAsync("cmdb.cab", Password);
            Admin = await SignInAsync();
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> CiAsync(string name, string @class, object? attributes = null)
    {
        using var created = await agent.PostAsJsonAsync("/api/cmdb/cis", new { name, @class, state = "Operational", attributes }, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        return (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("ci").GetProperty("number").GetString()!;
    }

    private async Task RelateAsync(string source, string type, string target)
    {
        using var related = await agent.PostAsJsonAsync("/api/cmdb/relations", new { source, type, target }, Ct);
        related.StatusCode.Should().Be(HttpStatusCode.Created, await related.Content.ReadAsStringAsync(Ct));
    }

    private async Task<List<string>> ImpactedAsync(string number, string direction = "downstream")
    {
        var impact = await agent.GetFromJsonAsync<JsonElement>($"/api/cmdb/cis/{number}/impact?direction={direction}&depth=10", Ct);
        return [.. impact.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!)];
    }

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
    }

    [Fact]
    public async Task Scenario_3_impact_through_the_api_Switch1_down_reaches_Pay_Srv1_alone_does_not_and_upstream_lists_what_Pay_needs()
    {
        var pay = await CiAsync("Pay (api)", "business-service");
        var cluster = await CiAsync("Pay cluster (api)", "application-cluster", new { minUp = "1", minUpUnit = "count" });
        var srv1 = await CiAsync("Srv1 (api)", "server", new { ramGb = "64" });
        var srv2 = await CiAsync("Srv2 (api)", "virtual-machine");
        var switch1 = await CiAsync("Switch1 (api)", "network-device", new { deviceType = "switch" });
        await RelateAsync(pay, "depends-on", cluster);
        await RelateAsync(srv1, "member-of", cluster);
        await RelateAsync(srv2, "member-of", cluster);
        await RelateAsync(srv1, "connects-to", switch1);
        await RelateAsync(srv2, "connects-to", switch1); // a virtual machine may, as a server may

        (await ImpactedAsync(switch1)).Should().Equal("Srv1 (api)", "Srv2 (api)", "Pay cluster (api)", "Pay (api)");
        (await ImpactedAsync(srv1)).Should().BeEmpty();
        (await ImpactedAsync(pay, "upstream")).Should().BeEquivalentTo("Pay cluster (api)", "Srv1 (api)", "Srv2 (api)", "Switch1 (api)");
        using var both = await agent.PostAsJsonAsync("/api/cmdb/impact", new { down = new[] { srv1, srv2 } }, Ct);
        (await both.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("businessServices").EnumerateArray().Single().GetProperty("number").GetString().Should().Be(pay);

        var details = await agent.GetFromJsonAsync<JsonElement>($"/api/cmdb/cis/{cluster}", Ct);
        details.GetProperty("relations").EnumerateArray().Select(r => r.GetProperty("words").GetString()).Should().BeEquivalentTo("used by", "has member", "has member");
        details.GetProperty("attributes").EnumerateArray().Single(a => a.GetProperty("key").GetString() == "minUpUnit").GetProperty("displayValue").GetString().Should().Be("Members");
        (await ErrorsAsync(await agent.GetAsync($"/api/cmdb/cis/{pay}/impact?direction=sideways&depth=0", Ct))).EnumerateObject().Select(e => e.Name)
            .Should().BeEquivalentTo("direction", "depth");
        (await agent.GetAsync("/api/cmdb/cis/CI0999999/impact", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_input_is_400_naming_the_class_the_attribute_the_relation_type_or_the_missing_CI()
    {
        var errors = await ErrorsAsync(await agent.PostAsJsonAsync("/api/cmdb/cis", new { name = "x", @class = "mainframe" }, Ct));
        errors.EnumerateObject().Select(e => e.Name).Should().Equal("class");

        errors = await ErrorsAsync(await agent.PostAsJsonAsync("/api/cmdb/cis", new { name = "srv-x", @class = "server", attributes = new { ramGb = "much", colour = "red" } }, Ct));
        errors.GetProperty("attributes.ramGb")[0].GetString().Should().Contain("RAM (GB) is a number");
        errors.GetProperty("attributes.colour")[0].GetString().Should().Contain("no attribute 'colour'");

        var office = await CiAsync("Office (api)", "location");
        var server = await CiAsync("srv-rules (api)", "server");
        errors = await ErrorsAsync(await agent.PostAsJsonAsync("/api/cmdb/relations", new { source = office, type = "runs-on", target = server }, Ct));
        errors.GetProperty("type")[0].GetString().Should().Contain("cannot be 'runs on'");
        errors = await ErrorsAsync(await agent.PostAsJsonAsync("/api/cmdb/relations", new { source = server, type = "connects-to", target = "CI0999999" }, Ct));
        errors.EnumerateObject().Select(e => e.Name).Should().Equal("target");
        errors = await ErrorsAsync(await agent.GetAsync("/api/cmdb/cis?class=mainframe", Ct));
        errors.EnumerateObject().Select(e => e.Name).Should().Equal("class");
    }

    [Fact]
    public async Task Lifecycle_an_illegal_move_is_409_naming_the_allowed_moves_and_a_cab_member_reads_but_does_not_write()
    {
        using var created = await agent.PostAsJsonAsync("/api/cmdb/cis", new { name = "sw-lab (api)", @class = "network-device" }, Ct);
        var number = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("ci").GetProperty("number").GetString()!;

        using var jump = await agent.PostAsJsonAsync($"/api/cmdb/cis/{number}/transitions", new { state = "Maintenance" }, Ct);
        using var retired = await agent.PostAsJsonAsync($"/api/cmdb/cis/{number}/transitions", new { state = "Retired" }, Ct);

        jump.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await jump.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("allowed").EnumerateArray().Select(a => a.GetString()).Should().Equal("Building", "Retired");
        retired.StatusCode.Should().Be(HttpStatusCode.OK);
        (await shared.CabMember.GetAsync($"/api/cmdb/cis/{number}", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await shared.CabMember.PatchAsJsonAsync($"/api/cmdb/cis/{number}", new { name = "renamed" }, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var list = await agent.GetFromJsonAsync<JsonElement>("/api/cmdb/cis?class=network-device&state=Retired&q=sw-lab", Ct);
        list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetString()).Should().Equal(number);
    }

    [Fact]
    public async Task Classes_are_read_as_a_tree_with_inherited_attributes_and_an_admin_adds_one_that_subclasses_inherit()
    {
        using var added = await shared.Admin.PostAsJsonAsync("/api/cmdb/classes/server/attributes", new { key = "rackUnit", name = "Rack unit", type = "Number" }, Ct);
        added.StatusCode.Should().Be(HttpStatusCode.Created, await added.Content.ReadAsStringAsync(Ct));
        (await shared.CabMember.PostAsJsonAsync("/api/cmdb/classes", new { key = "x", name = "X" }, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var tree = await agent.GetFromJsonAsync<JsonElement>("/api/cmdb/classes", Ct);
        var server = tree.EnumerateArray().Single(c => c.GetProperty("key").GetString() == "server");
        var vm = server.GetProperty("children").EnumerateArray().Single(c => c.GetProperty("key").GetString() == "virtual-machine");
        var rack = vm.GetProperty("attributes").EnumerateArray().Single(a => a.GetProperty("key").GetString() == "rackUnit");
        rack.GetProperty("inheritedFromName").GetString().Should().Be("Server");
        rack.GetProperty("type").GetString().Should().Be("Number");
    }
}
