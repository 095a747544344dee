using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace WorkflowItsm.Web.Tests.Hosting;

/// <summary>Behind a TLS-ending proxy named in ForwardedHeaders:KnownProxies the host sees https: Secure cookies and HSTS.</summary>
public sealed partial class ForwardedHeadersTests : IAsyncLifetime
{
    private readonly WebHostFactory host = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    /// <summary>Signs in through the form as a browser behind the proxy would; returns the sign-in post's response.</summary>
    private static async Task<HttpResponseMessage> SignInFromAsync(TestServer server, string remoteAddress)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new HttpClient(server.CreateHandler(context => context.Connection.RemoteIpAddress = IPAddress.Parse(remoteAddress)))
        {
            BaseAddress = server.BaseAddress,
        };
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        using var page = await client.GetAsync(new Uri("/account/login", UriKind.Relative), ct);
        var cookies = page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]);
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri("/account/login", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = AntiforgeryToken().Match(await page.Content.ReadAsStringAsync(ct)).Groups[1].Value,
                ["_handler"] = "login",
                ["Input.UserName"] = "admin",
                ["Input.Password"] = WebHostFactory.AdminPassword,
            }),
        };
        post.Headers.Add("Cookie", string.Join("; ", cookies));
        var response = await client.SendAsync(post, ct);
        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        return response;
    }

    private static string AuthCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("WorkflowItsm.Auth=", StringComparison.Ordinal));

    [Fact]
    public async Task Https_forwarded_by_a_known_proxy_makes_the_cookie_secure_and_sends_hsts_and_others_are_not_believed()
    {
        await using var proxied = host.WithWebHostBuilder(builder => builder
            .UseSetting("ForwardedHeaders:KnownProxies:0", "10.0.0.5")
            .UseSetting("ForwardedHeaders:KnownNetworks:0", "192.168.10.0/24"));
        proxied.StartServer();

        using var viaProxy = await SignInFromAsync(proxied.Server, "10.0.0.5");
        using var viaNetwork = await SignInFromAsync(proxied.Server, "192.168.10.20");
        using var direct = await SignInFromAsync(proxied.Server, "198.51.100.9");

        foreach (var believed in new[] { viaProxy, viaNetwork })
        {
            AuthCookie(believed).Should().Contain("; secure");
            believed.Headers.Contains("Strict-Transport-Security").Should().BeTrue();
        }

        AuthCookie(direct).Should().NotContain("secure", "an unknown sender's X-Forwarded-Proto is not believed");
        direct.Headers.Contains("Strict-Transport-Security").Should().BeFalse();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
