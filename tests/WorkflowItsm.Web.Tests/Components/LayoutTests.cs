using System.Net;

namespace WorkflowItsm.Web.Tests.Components;

public sealed class LayoutTests : IAsyncLifetime
{
    private readonly WebHostFactory host = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Anonymous_home_page_renders_the_MudBlazor_shell_with_a_sign_in_link()
    {
        using var client = host.CreateBrowserClient();

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        html.Should().Contain("_content/MudBlazor/MudBlazor.min.css").And.Contain("mud-appbar").And.Contain("account/login");
    }

    [Fact]
    public async Task Signed_in_admin_sees_their_name_and_the_admin_links()
    {
        using var client = await host.SignedInAsync();

        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);

        html.Should().Contain("data-testid=\"signed-in-user\"").And.Contain("Jobs (Hangfire)").And.Contain("account/logout");
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        Directory.Delete(host.Folder, recursive: true);
    }
}
