using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace WorkflowItsm.Web.Tests.Account;

/// <summary>A page of another site cannot change anything through the API with the signed-in person's cookie.</summary>
public sealed class CrossSiteRequestTests : IAsyncLifetime
{
    private readonly WebHostFactory host = new();
    private HttpClient admin = null!;

    public async ValueTask InitializeAsync()
    {
        admin = await host.SignedInAsync();
    }

    private async Task<HttpResponseMessage> StartAsync(Action<HttpRequestMessage> decorate)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/process-instances", UriKind.Relative))
        {
            Content = JsonContent.Create(new { key = "incident-triage", businessKey = "CSRF", variables = new { impact = 3, urgency = 3, shortDescription = "x" } }),
        };
        decorate(request);
        return await admin.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private async Task<int> CsrfInstancesAsync() =>
        (await admin.GetFromJsonAsync<JsonElement>("/api/process-instances?businessKey=CSRF", TestContext.Current.CancellationToken)).GetProperty("total").GetInt32();

    [Fact]
    public async Task A_write_from_another_origin_is_refused_and_changes_nothing()
    {
        using var fromOrigin = await StartAsync(r => r.Headers.Add("Origin", "https://evil.example"));
        using var fromFetch = await StartAsync(r => r.Headers.Add("Sec-Fetch-Site", "cross-site"));

        fromOrigin.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        fromFetch.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await CsrfInstancesAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Writes_from_this_site_and_from_clients_that_are_not_browsers_pass()
    {
        using var sameOrigin = await StartAsync(r => r.Headers.Add("Origin", "http://localhost"));
        using var noOrigin = await StartAsync(_ => { });

        sameOrigin.StatusCode.Should().Be(HttpStatusCode.Created);
        noOrigin.StatusCode.Should().Be(HttpStatusCode.Created);
        (await CsrfInstancesAsync()).Should().Be(2);
    }

    public async ValueTask DisposeAsync()
    {
        admin.Dispose();
        await host.DisposeAsync();
    }
}
