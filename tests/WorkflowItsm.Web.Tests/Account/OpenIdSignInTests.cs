using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Web.Tests.Account;

/// <summary>
/// Sign-in through an external OpenID Connect provider (a real one on loopback, spoken to over HTTP by the host's
/// OpenID Connect handler), walking the browser's steps: the sign-in page's button, the provider's form post back,
/// the callback.
/// </summary>
public sealed partial class OpenIdSignInTests : IAsyncLifetime
{
    private readonly WebHostFactory baseHost = new();
    private LoopbackOpenIdProvider provider = null!;
    private WebApplicationFactory<Program> host = null!;

    public async ValueTask InitializeAsync()
    {
        provider = await LoopbackOpenIdProvider.StartAsync();
        host = baseHost.WithWebHostBuilder(builder => builder
            .UseSetting("Authentication:OpenIdConnect:Authority", provider.Issuer)
            .UseSetting("Authentication:OpenIdConnect:ClientId", LoopbackOpenIdProvider.ClientId)
            .UseSetting("Authentication:OpenIdConnect:ClientSecret", LoopbackOpenIdProvider.ClientSecret)
            .UseSetting("Authentication:OpenIdConnect:DisplayName", "Contoso ID")
            .UseSetting("Authentication:OpenIdConnect:RequireHttpsMetadata", "false")
            .UseSetting("Authentication:OpenIdConnect:GroupsClaim", "groups")
            .UseSetting("Authentication:OpenIdConnect:RolesClaim", "roles"));
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        await baseHost.DisposeAsync();
        await provider.DisposeAsync();
    }

    [Fact]
    public async Task First_sign_in_creates_a_requester_account_and_the_next_one_finds_it_again()
    {
        provider.SignedInUser = new ProviderUser("sub-ada", "ada@contoso.test", EmailVerified: true, "ada.l", "Ada Lovelace");
        using var client = NewBrowser();

        using var landed = await SignInThroughProviderAsync(client, returnUrl: "/portal");

        landed.Headers.Location!.OriginalString.Should().Be("/portal");
        var me = await client.GetStringAsync(new Uri("/api/me", UriKind.Relative), TestContext.Current.CancellationToken);
        me.Should().Contain("\"name\":\"ada.l\"").And.Contain("\"requester\"");
        provider.Refusals.Should().BeEmpty();

        provider.SignedInUser = provider.SignedInUser with { Name = "Ada King", PreferredUserName = "ada.king" };
        using var again = NewBrowser();
        using var _ = await SignInThroughProviderAsync(again, returnUrl: null);
        var meAgain = await again.GetStringAsync(new Uri("/api/me", UriKind.Relative), TestContext.Current.CancellationToken);
        meAgain.Should().Contain("\"name\":\"ada.l\"", "the provider's subject finds the same account, whatever its names are now");
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        (await db.Users.CountAsync(u => u.Email == "ada@contoso.test", TestContext.Current.CancellationToken)).Should().Be(1);
        (await db.Set<IdentityUserLogin<string>>().SingleAsync(l => l.ProviderKey == "sub-ada", TestContext.Current.CancellationToken)).LoginProvider.Should().Be("oidc");
    }

    [Fact]
    public async Task Roles_and_groups_sent_by_the_provider_replace_the_accounts_at_every_sign_in()
    {
        provider.SignedInUser = new ProviderUser("sub-grace", "grace@contoso.test", true, "grace", "Grace Hopper",
            Groups: ["service-desk", "no-such-group"], Roles: ["agent", "not-a-role"]);
        using (var client = NewBrowser())
        {
            using var _ = await SignInThroughProviderAsync(client, null);
            var me = await client.GetStringAsync(new Uri("/api/me", UriKind.Relative), TestContext.Current.CancellationToken);
            me.Should().Contain("\"agent\"").And.NotContain("\"requester\"").And.NotContain("not-a-role");
        }

        (await GroupsOfAsync("grace")).Should().Equal("service-desk");

        provider.SignedInUser = provider.SignedInUser with { Groups = ["service-desk-l2"], Roles = ["agent", "process-owner"] };
        using (var client = NewBrowser())
        {
            using var _ = await SignInThroughProviderAsync(client, null);
            var me = await client.GetStringAsync(new Uri("/api/me", UriKind.Relative), TestContext.Current.CancellationToken);
            me.Should().Contain("\"process-owner\"");
        }

        (await GroupsOfAsync("grace")).Should().Equal("service-desk-l2");

        provider.SignedInUser = provider.SignedInUser with { Roles = ["Domain Users"] };
        using (var client = NewBrowser())
        {
            using var _ = await SignInThroughProviderAsync(client, null);
            var me = await client.GetStringAsync(new Uri("/api/me", UriKind.Relative), TestContext.Current.CancellationToken);
            me.Should().Contain("\"roles\":[\"requester\"]", "no role the product knows leaves a requester");
        }
    }

    [Fact]
    public async Task A_local_account_with_the_same_email_is_linked_only_when_the_provider_verified_the_address()
    {
        await using (var setup = host.Services.CreateAsyncScope())
        {
            var users = setup.ServiceProvider.GetRequiredService<UserManager<DirectoryUser>>();
            var linus = new DirectoryUser { UserName = "linus", Email = "linus@example.test" };
            (await users.CreateAsync(linus, "Linus-Local-Pass-1!")).Succeeded.Should().BeTrue();
            (await users.AddToRoleAsync(linus, Roles.Agent)).Succeeded.Should().BeTrue();
        }

        provider.SignedInUser = new ProviderUser("sub-linus", "linus@example.test", EmailVerified: false, "linus-ext", "Linus");
        using (var client = NewBrowser())
        {
            using var refused = await SignInThroughProviderAsync(client, null);
            refused.Headers.Location!.OriginalString.Should().Be("/account/login?external=emailtaken");
            using var me = await client.GetAsync(new Uri("/api/me", UriKind.Relative), TestContext.Current.CancellationToken);
            me.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            var page = await client.GetStringAsync(refused.Headers.Location, TestContext.Current.CancellationToken);
            page.Should().Contain("A local account already uses your email address");
        }

        provider.SignedInUser = provider.SignedInUser with { EmailVerified = true };
        using (var client = NewBrowser())
        {
            using var _ = await SignInThroughProviderAsync(client, null);
            var me = await client.GetStringAsync(new Uri("/api/me", UriKind.Relative), TestContext.Current.CancellationToken);
            me.Should().Contain("\"name\":\"linus\"").And.Contain("\"agent\"");
        }

        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        (await db.Users.CountAsync(TestContext.Current.CancellationToken)).Should().Be(2, "the admin and linus: no second account was made");
    }

    [Fact]
    public async Task Cancelling_at_the_provider_or_sending_no_email_comes_back_to_the_sign_in_page_with_the_reason()
    {
        provider.SignedInUser = null;
        using (var client = NewBrowser())
        {
            using var cancelled = await SignInThroughProviderAsync(client, null);
            cancelled.Headers.Location!.OriginalString.Should().StartWith("/account/login?external=denied");
            var page = await client.GetStringAsync(cancelled.Headers.Location, TestContext.Current.CancellationToken);
            page.Should().Contain("Sign-in with Contoso ID was cancelled.");
        }

        provider.SignedInUser = new ProviderUser("sub-anon", Email: null, false, "anon", null);
        using (var client = NewBrowser())
        {
            using var refused = await SignInThroughProviderAsync(client, null);
            refused.Headers.Location!.OriginalString.Should().Be("/account/login?external=noemail");
            using var me = await client.GetAsync(new Uri("/api/me", UriKind.Relative), TestContext.Current.CancellationToken);
            me.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        await using var scope = host.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().Users.AnyAsync(u => u.UserName == "anon", TestContext.Current.CancellationToken))
            .Should().BeFalse();
    }

    [Fact]
    public async Task A_forged_callback_without_the_providers_answer_signs_nobody_in()
    {
        using var client = NewBrowser();

        using var forged = await client.PostAsync(new Uri("/signin-oidc", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = "made-up", ["state"] = "made-up" }), TestContext.Current.CancellationToken);
        using var callback = await client.GetAsync(new Uri("/account/external-callback", UriKind.Relative), TestContext.Current.CancellationToken);

        forged.Headers.Location!.OriginalString.Should().Contain("/account/login?external=failed");
        callback.Headers.Location!.OriginalString.Should().Be("/account/login?external=failed");
        using var me = await client.GetAsync(new Uri("/api/me", UriKind.Relative), TestContext.Current.CancellationToken);
        me.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Without_settings_the_button_is_not_offered_and_the_endpoint_is_404()
    {
        using var client = baseHost.CreateBrowserClient();

        var page = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative), TestContext.Current.CancellationToken);
        using var start = await client.PostAsync(new Uri("/account/external-login", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = AntiforgeryToken().Match(page).Groups[1].Value }),
            TestContext.Current.CancellationToken);

        page.Should().NotContain("external-sign-in");
        start.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private HttpClient NewBrowser() => host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private async Task<IReadOnlyList<string>> GroupsOfAsync(string userName)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DirectoryGroups>().GroupsOfAsync(userName, TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// What a browser does: the sign-in page's button (with its antiforgery token), to the provider, whose page posts
    /// the answer back to the host, which redirects to the callback. Returns the callback's redirect.
    /// </summary>
    private async Task<HttpResponseMessage> SignInThroughProviderAsync(HttpClient app, string? returnUrl)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var loginPage = await app.GetStringAsync(new Uri("/account/login", UriKind.Relative), cancellation);
        loginPage.Should().Contain("Sign in with Contoso ID");
        var start = new Dictionary<string, string> { ["__RequestVerificationToken"] = AntiforgeryToken().Match(loginPage).Groups[1].Value };
        if (returnUrl is not null)
        {
            start["returnUrl"] = returnUrl;
        }

        using var challenge = await app.PostAsync(new Uri("/account/external-login", UriKind.Relative), new FormUrlEncodedContent(start), cancellation);
        challenge.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var authorize = challenge.Headers.Location!;
        authorize.GetLeftPart(UriPartial.Path).Should().Be($"{provider.Issuer}/authorize");

        using var atProvider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var answerPage = await atProvider.GetStringAsync(authorize, cancellation);
        var action = new Uri(WebUtility.HtmlDecode(FormAction().Match(answerPage).Groups[1].Value));
        var answer = HiddenInput().Matches(answerPage).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));

        using var posted = await app.PostAsync(new Uri(action.PathAndQuery, UriKind.Relative), new FormUrlEncodedContent(answer), cancellation);
        posted.StatusCode.Should().Be(HttpStatusCode.Redirect);
        if (!posted.Headers.Location!.OriginalString.StartsWith("/account/external-callback", StringComparison.Ordinal))
        {
            return Detach(posted);
        }

        var callback = await app.GetAsync(posted.Headers.Location, cancellation);
        callback.StatusCode.Should().Be(HttpStatusCode.Redirect);
        return callback;
    }

    // The using above would dispose the response the caller reads; hand back a copy of what it needs.
    private static HttpResponseMessage Detach(HttpResponseMessage response)
    {
        var copy = new HttpResponseMessage(response.StatusCode);
        copy.Headers.Location = response.Headers.Location;
        return copy;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]+)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"/>")]
    private static partial Regex HiddenInput();
}
