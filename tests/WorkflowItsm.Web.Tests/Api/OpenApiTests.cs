using System.Net;
using System.Text.Json;

namespace WorkflowItsm.Web.Tests.Api;

public sealed class OpenApiTests : IAsyncLifetime
{
    private readonly WebHostFactory host = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task OpenApi_document_describes_the_api()
    {
        using var client = host.CreateClient();

        var json = await client.GetStringAsync(new Uri("/api/docs/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken);

        using var document = JsonDocument.Parse(json);
        document.RootElement.GetProperty("info").GetProperty("title").GetString().Should().Be("WorkflowItsm API");
        document.RootElement.GetProperty("paths").TryGetProperty("/api/me", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Scalar_reference_page_is_served_under_api_docs()
    {
        using var client = host.CreateClient();

        using var response = await client.GetAsync(new Uri("/api/docs/v1", UriKind.Relative), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("api/docs/openapi/v1.json");
    }

    [Fact]
    public async Task Api_answers_401_problem_details_to_anonymous_callers_instead_of_a_redirect()
    {
        using var client = host.CreateBrowserClient();

        using var response = await client.GetAsync(new Uri("/api/me", UriKind.Relative), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        Directory.Delete(host.Folder, recursive: true);
    }
}
