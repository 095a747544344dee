using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Integrations;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Web.Tests.Integrations;

/// <summary>
/// Personal access tokens and service accounts (issue 23): the secret shown once and stored hashed, scopes narrowing
/// the owner's rights, every bad token a 401 problem (never a 500), each call recorded with the token's name.
/// </summary>
public sealed class ApiTokensApiTests(ApiTokensApiTests.Setup shared) : IClassFixture<ApiTokensApiTests.Setup>
{
    private const string Password = "Tokens-Pass-1!";

    public sealed class Setup : SharedHost
    {
        public HttpClient Agent { get; private set; } = null!;
        public HttpClient Admin { get; private set; } = null!;

        public override async ValueTask InitializeAsync()
        {
            await CreatePersonAsync("tara", Password, Roles.Agent);
            Agent = await SignInAsync("tara", Password);
            Admin = await SignInAsync();
        }

        /// <summary>A client without cookies, as a script is.</summary>
        public HttpClient Script(string token)
        {
            var client = Host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return client;
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

    private static async Task<(int Id, string Secret)> CreateAsync(HttpClient owner, string name, string[] scopes, string path = "/api/me/tokens")
    {
        using var response = await owner.PostAsJsonAsync(path, new { name, scopes, expiresInDays = 30 }, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        var body = await ReadAsync(response);
        return (body.GetProperty("token").GetProperty("id").GetInt32(), body.GetProperty("secret").GetString()!);
    }

    private static object NewIncident => new { shortDescription = "Printer on fire", description = "Reported by a script", impact = 2, urgency = 2, category = "network" };

    [Fact]
    public async Task A_token_acts_as_its_owner_its_secret_is_shown_once_and_stored_hashed()
    {
        var (id, secret) = await CreateAsync(shared.Agent, "shown once", ["incidents:write"]);

        secret.Should().StartWith(ApiTokens.Prefix).And.HaveLength(ApiTokens.Prefix.Length + 43);
        using var script = shared.Script(secret);
        var me = await script.GetFromJsonAsync<JsonElement>("/api/me", Ct);
        me.GetProperty("name").GetString().Should().Be("tara");
        using var list = await shared.Agent.GetAsync("/api/me/tokens", Ct);
        var listed = await list.Content.ReadAsStringAsync(Ct);
        listed.Should().Contain("shown once").And.NotContain(secret, "the secret is shown only when made");
        await using var scope = shared.Host.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().Set<ApiToken>().SingleAsync(t => t.Id == id, Ct);
        stored.Hash.Should().Be(ApiTokens.HashOf(secret)).And.NotContain(secret[ApiTokens.Prefix.Length..]);
        stored.Hint.Should().Be(secret[..(ApiTokens.Prefix.Length + 4)]);
    }

    [Fact]
    public async Task A_read_token_reads_but_cannot_write_and_the_403_names_the_scope_it_needs()
    {
        var (_, secret) = await CreateAsync(shared.Agent, "read only", ["incidents:read"]);
        using var script = shared.Script(secret);

        using var read = await script.GetAsync("/api/incidents", Ct);
        using var write = await script.PostAsJsonAsync("/api/incidents", NewIncident, Ct);
        using var otherArea = await script.GetAsync("/api/changes", Ct);

        read.StatusCode.Should().Be(HttpStatusCode.OK);
        write.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        write.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await ReadAsync(write)).GetProperty("detail").GetString().Should().Contain("incidents:write");
        otherArea.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_token_cannot_do_more_than_its_owner_may()
    {
        var (_, secret) = await CreateAsync(shared.Agent, "all areas", [.. ApiScopes.All]);
        using var script = shared.Script(secret);

        using var adminOnly = await script.GetAsync("/api/routing-rules", Ct);
        using var accounts = await script.GetAsync("/api/service-accounts", Ct);

        adminOnly.StatusCode.Should().Be(HttpStatusCode.Forbidden, "an agent may not, so the agent's token may not either");
        accounts.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("Bearer witk_short")]
    [InlineData("Bearer witk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Bearer not a token at all")]
    [InlineData("Bearer ")]
    public async Task A_malformed_or_unknown_token_is_a_401_problem(string header)
    {
        using var client = shared.Host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/incidents");
        request.Headers.TryAddWithoutValidation("Authorization", header).Should().BeTrue();

        using var response = await client.SendAsync(request, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        response.Headers.WwwAuthenticate.ToString().Should().StartWith("Bearer");
    }

    [Fact]
    public async Task A_revoked_or_expired_token_is_a_401_and_revoking_is_for_its_owner_only()
    {
        var (revokedId, revoked) = await CreateAsync(shared.Agent, "to revoke", ["incidents:read"]);
        var (expiredId, expired) = await CreateAsync(shared.Agent, "to expire", ["incidents:read"]);
        using (var before = shared.Script(revoked))
        {
            (await before.GetAsync("/api/incidents", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using var byOther = await shared.Admin.DeleteAsync($"/api/me/tokens/{revokedId}", Ct);
        using var byOwner = await shared.Agent.DeleteAsync($"/api/me/tokens/{revokedId}", Ct);
        await using (var scope = shared.Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().Set<ApiToken>().Where(t => t.Id == expiredId)
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.ExpiresAt, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc)), Ct);
        }

        byOther.StatusCode.Should().Be(HttpStatusCode.NotFound, "the admin has no token of that id");
        byOwner.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ReadAsync(byOwner)).GetProperty("status").GetString().Should().Be("Revoked");
        foreach (var secret in new[] { revoked, expired })
        {
            using var script = shared.Script(secret);
            using var response = await script.GetAsync("/api/incidents", Ct);
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            (await ReadAsync(response)).GetProperty("detail").GetString().Should().MatchRegex("revoked|expired");
        }
    }

    [Fact]
    public async Task Each_call_with_a_token_is_recorded_with_its_name_and_marks_it_used()
    {
        var (id, secret) = await CreateAsync(shared.Agent, "audited", ["incidents:write"]);
        using var script = shared.Script(secret);

        using var created = await script.PostAsJsonAsync("/api/incidents", NewIncident, Ct);
        using var refused = await script.GetAsync("/api/changes", Ct);

        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        await using var scope = shared.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        var uses = await db.Set<ApiTokenUse>().Where(u => u.TokenId == id).OrderBy(u => u.Id).ToListAsync(Ct);
        uses.Select(u => (u.TokenName, u.UserName, u.Method, u.Path, u.Status)).Should().Equal(
            ("audited", "tara", "POST", "/api/incidents", 201),
            ("audited", "tara", "GET", "/api/changes", 403));
        (await db.Set<ApiToken>().SingleAsync(t => t.Id == id, Ct)).LastUsedAt.Should().NotBeNull();
        var number = (await ReadAsync(created)).GetProperty("number").GetString();
        (await db.Incidents.SingleAsync(i => i.Number == number, Ct)).OpenedBy.Should().Be("tara", "the token acts as its owner");
    }

    [Fact]
    public async Task Bad_token_input_is_a_400_naming_each_field()
    {
        using var response = await shared.Agent.PostAsJsonAsync("/api/me/tokens", new { name = "", scopes = new[] { "incidents:delete" }, expiresInDays = 1000 }, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadAsync(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("name", "scopes", "expiresInDays");
    }

    [Fact]
    public async Task An_admin_makes_a_service_account_that_cannot_sign_in_and_acts_through_its_token_with_its_roles()
    {
        using var byAgent = await shared.Agent.PostAsJsonAsync("/api/service-accounts", new { userName = "nope", roles = new[] { Roles.Agent } }, Ct);
        using var account = await shared.Admin.PostAsJsonAsync("/api/service-accounts",
            new { userName = "nightly-worker", displayName = "Nightly worker", description = "Runs the nightly jobs", roles = new[] { Roles.Agent } }, Ct);
        var (_, secret) = await CreateAsync(shared.Admin, "worker token", ["tasks:write", "incidents:read"], "/api/service-accounts/nightly-worker/tokens");
        using var bad = await shared.Admin.PostAsJsonAsync("/api/service-accounts", new { userName = "Bad Name!", roles = new[] { "wizard" } }, Ct);

        byAgent.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        account.StatusCode.Should().Be(HttpStatusCode.Created, await account.Content.ReadAsStringAsync(Ct));
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadAsync(bad)).GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("userName", "roles");
        using var browser = shared.Host.CreateBrowserClient();
        using var signIn = await WebHostFactory.SignInAsync(browser, "nightly-worker", "");
        signIn.StatusCode.Should().NotBe(HttpStatusCode.Redirect, "a service account has no password to sign in with");
        using var script = shared.Script(secret);
        var me = await script.GetFromJsonAsync<JsonElement>("/api/me", Ct);
        me.GetProperty("name").GetString().Should().Be("nightly-worker");
        (await script.GetAsync("/api/tasks", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        var listed = await shared.Admin.GetFromJsonAsync<JsonElement>("/api/service-accounts", Ct);
        listed.EnumerateArray().Should().ContainSingle(a => a.GetProperty("userName").GetString() == "nightly-worker")
            .Which.GetProperty("activeTokens").GetInt32().Should().Be(1);
    }
}
