using System.Net;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Web.Tests.Scheduling;

public sealed class HangfireDashboardTests : IAsyncLifetime
{
    private readonly WebHostFactory host = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Anonymous_visitor_is_refused()
    {
        using var client = host.CreateBrowserClient();

        using var response = await client.GetAsync(new Uri("/hangfire", UriKind.Relative), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Admin_opens_the_dashboard()
    {
        using var client = await host.SignedInAsync();

        using var response = await client.GetAsync(new Uri("/hangfire", UriKind.Relative), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("WorkflowItsm jobs");
    }

    [Fact]
    public async Task Signed_in_agent_who_is_not_admin_is_forbidden()
    {
        await host.CreateUserAsync("agent1", "Agent-Pass-123!", Roles.Agent);

        using var client = await host.SignedInAsync("agent1", "Agent-Pass-123!");

        using var response = await client.GetAsync(new Uri("/hangfire", UriKind.Relative), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        Directory.Delete(host.Folder, recursive: true);
    }
}
