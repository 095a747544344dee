using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Web.Lookups;

namespace WorkflowItsm.Web.Tests.Lookups;

/// <summary>
/// The lookups' search (Lookups/DirectoryLookup.cs) and its API: people by parts of their display name, user name or
/// email, case aside, names starting with the text first, limited; narrowed to a group's members; groups by name;
/// the contact card; staff only; bad input answered with problem details.
/// </summary>
public sealed class LookupsApiTests(LookupsApiTests.Setup shared) : IClassFixture<LookupsApiTests.Setup>
{
    private const string Password = "Lookup-Pass-1!";

    /// <summary>The class's host and people (<see cref="SharedHost"/>).</summary>
    public sealed class Setup : SharedHost
    {
        public HttpClient Agent { get; private set; } = null!;
        public HttpClient Requester { get; private set; } = null!;

        public override async ValueTask InitializeAsync()
        {
            await using (var scope = Host.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<DirectoryGroups>().EnsureAsync("lookup-network", "Lookup network team", null, default);
            }

            await CreatePersonAsync("lookup.agent", Password, Roles.Agent);
            await CreatePersonAsync("zoe.q", Password, Roles.Agent, "lookup-network");
            await CreatePersonAsync("yara.z", Password, Roles.Agent);
            await CreatePersonAsync("lookup.requester", Password, Roles.Requester);
            await using (var scope = Host.Services.CreateAsyncScope())
            {
                var users = scope.ServiceProvider.GetRequiredService<UserManager<DirectoryUser>>();
                var zoe = (await users.FindByNameAsync("zoe.q"))!;
                zoe.DisplayName = "Zoe Quartermaine";
                zoe.PhoneNumber = "+351 210 000 111";
                (await users.UpdateAsync(zoe)).Succeeded.Should().BeTrue();
                var yara = (await users.FindByNameAsync("yara.z"))!;
                yara.DisplayName = "Yara Zoeller";
                (await users.UpdateAsync(yara)).Succeeded.Should().BeTrue();
            }

            Agent = await SignInAsync("lookup.agent", Password);
            Requester = await SignInAsync("lookup.requester", Password);
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<List<string>> UserNamesAsync(string query) =>
        [.. (await shared.Agent.GetFromJsonAsync<JsonElement>($"/api/people?{query}", Ct)).EnumerateArray().Select(p => p.GetProperty("userName").GetString()!)];

    [Fact]
    public async Task People_are_found_by_part_of_their_display_name_case_aside_those_whose_name_starts_with_it_first()
    {
        (await UserNamesAsync("q=ZOE")).Should().Equal("zoe.q", "yara.z");
        var first = (await shared.Agent.GetFromJsonAsync<JsonElement>("/api/people?q=quarter", Ct))[0];
        first.GetProperty("displayName").GetString().Should().Be("Zoe Quartermaine");
        first.GetProperty("email").GetString().Should().Be("zoe.q@example.test");
    }

    [Fact]
    public async Task People_are_found_by_user_name_and_email_and_the_answer_is_limited()
    {
        (await UserNamesAsync("q=yara.")).Should().Equal("yara.z");
        (await UserNamesAsync("q=zoe.q%40example")).Should().Equal("zoe.q");
        (await UserNamesAsync("q=zoe&limit=1")).Should().Equal("zoe.q");
        (await UserNamesAsync("q=nobody-has-this-name")).Should().BeEmpty();
    }

    [Fact]
    public async Task An_assignee_lookup_offers_only_the_members_of_the_chosen_group()
    {
        (await UserNamesAsync("group=lookup-network")).Should().Equal("zoe.q");
        (await UserNamesAsync("q=yara&group=lookup-network")).Should().BeEmpty("Yara is in no group");
    }

    [Fact]
    public async Task Groups_are_found_by_part_of_their_display_name_and_give_their_key()
    {
        var found = (await shared.Agent.GetFromJsonAsync<JsonElement>("/api/groups?q=NETWORK%20T", Ct)).EnumerateArray().ToList();
        found.Select(g => (g.GetProperty("key").GetString(), g.GetProperty("displayName").GetString())).Should().Equal(("lookup-network", "Lookup network team"));
    }

    [Fact]
    public async Task The_contact_card_has_name_email_phone_and_groups()
    {
        var card = await shared.Agent.GetFromJsonAsync<JsonElement>("/api/people/zoe.q", Ct);

        card.GetProperty("name").GetString().Should().Be("Zoe Quartermaine");
        card.GetProperty("email").GetString().Should().Be("zoe.q@example.test");
        card.GetProperty("phone").GetString().Should().Be("+351 210 000 111");
        card.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("displayName").GetString()).Should().Equal("Lookup network team");
    }

    [Theory]
    [InlineData("/api/people?q=zoe")]
    [InlineData("/api/people/zoe.q")]
    [InlineData("/api/groups?q=net")]
    public async Task Requesters_cannot_list_people_or_groups(string url)
    {
        using var refused = await shared.Requester.GetAsync(url, Ct);

        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_search_itself_finds_nobody_for_a_requester()
    {
        await using var scope = shared.Host.Services.CreateAsyncScope();
        var lookup = scope.ServiceProvider.GetRequiredService<DirectoryLookup>();
        var requester = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "lookup.requester"), new Claim(ClaimTypes.Role, Roles.Requester)], "test"));
        var agent = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "lookup.agent"), new Claim(ClaimTypes.Role, Roles.Agent)], "test"));

        (await lookup.PeopleAsync("zoe", null, 10, requester, Ct)).Should().BeEmpty();
        (await lookup.GroupsAsync("network", 10, requester, Ct)).Should().BeEmpty();
        (await lookup.CardAsync("zoe.q", requester, Ct)).Should().BeNull();
        (await lookup.NamesAsync(["zoe.q"], [], requester, Ct)).Person("zoe.q").Should().Be("zoe.q");
        (await lookup.NamesAsync(["zoe.q", "gone.person"], ["lookup-network"], agent, Ct)).Should().Match<DirectoryNames>(names =>
            names.Person("zoe.q") == "Zoe Quartermaine" && names.Person("gone.person") == "gone.person" && names.Group("lookup-network") == "Lookup network team");
    }

    [Theory]
    [InlineData("/api/people?limit=0", "limit")]
    [InlineData("/api/people?limit=51", "limit")]
    [InlineData("/api/groups?limit=0", "limit")]
    [InlineData("/api/people?group=no-such-group", "group")]
    public async Task Bad_input_is_a_400_naming_the_parameter(string url, string parameter)
    {
        using var refused = await shared.Agent.GetAsync(url, Ct);

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Equal(parameter);
    }

    [Fact]
    public async Task Text_longer_than_any_name_is_a_400_and_an_unknown_person_a_404()
    {
        using var tooLong = await shared.Agent.GetAsync($"/api/people?q={new string('a', LookupsApi.MaxTextLength + 1)}", Ct);
        tooLong.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        using var unknown = await shared.Agent.GetAsync("/api/people/nobody.here", Ct);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await unknown.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString().Should().Be("There is nobody called 'nobody.here'.");
    }
}
