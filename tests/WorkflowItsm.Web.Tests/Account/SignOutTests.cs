using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace WorkflowItsm.Web.Tests.Account;

/// <summary>Sign-out needs the layout form's antiforgery token and this site's origin, and ends the cookie for good.</summary>
public sealed partial class SignOutTests : IAsyncLifetime
{
    private readonly WebHostFactory host = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The sign-out form's token, as the layout renders it for the signed-in person.</summary>
    private static async Task<string> SignOutTokenAsync(HttpClient client)
    {
        var page = await client.GetStringAsync(new Uri("/", UriKind.Relative), Ct);
        return AntiforgeryToken().Match(page[page.IndexOf("account/logout", StringComparison.Ordinal)..]).Groups[1].Value;
    }

    private static Task<HttpResponseMessage> SignOutAsync(HttpClient client, string? token, string? origin = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/account/logout", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(token is null ? [] : new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
        };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return client.SendAsync(request, Ct);
    }

    private static async Task<HttpStatusCode> MeAsync(HttpClient client)
    {
        using var me = await client.GetAsync(new Uri("/api/me", UriKind.Relative), Ct);
        return me.StatusCode;
    }

    [Fact]
    public async Task Sign_out_without_the_token_or_from_another_site_is_refused_and_the_session_stays()
    {
        using var client = await host.SignedInAsync();
        var token = await SignOutTokenAsync(client);

        using var withoutToken = await SignOutAsync(client, token: null);
        using var crossSite = await SignOutAsync(client, token, origin: "https://evil.example");

        withoutToken.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        crossSite.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await MeAsync(client)).Should().Be(HttpStatusCode.OK);
        using var signedOut = await SignOutAsync(client, token, origin: "http://localhost");
        signedOut.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await MeAsync(client)).Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_cookie_saved_before_sign_out_is_refused_after_it()
    {
        await using var checkEveryRequest = host.WithWebHostBuilder(builder => builder.UseSetting("Account:SecurityStampValidationInterval", "00:00:00"));
        using var client = await checkEveryRequest.SignedInAsync();
        using var probe = await client.GetAsync(new Uri("/api/me", UriKind.Relative), Ct);
        var cookie = ((System.Net.Http.Headers.HttpHeaders)probe.RequestMessage!.Headers).GetValues("Cookie").Single();
        using var thief = checkEveryRequest.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        thief.DefaultRequestHeaders.Add("Cookie", cookie);
        (await MeAsync(thief)).Should().Be(HttpStatusCode.OK, "the saved cookie works while the session lasts");

        using var signedOut = await SignOutAsync(client, await SignOutTokenAsync(client));

        signedOut.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await MeAsync(thief)).Should().Be(HttpStatusCode.Unauthorized, "sign-out renewed the security stamp the cookie carries");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
