using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
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
        using var client = host.CreateBrowserClient();
        using var signIn = await WebHostFactory.SignInAsync(client, "admin", WebHostFactory.AdminPassword);

        using var response = await client.GetAsync(new Uri("/hangfire", UriKind.Relative), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("WorkflowItsm jobs");
    }

    [Fact]
    public async Task Signed_in_agent_who_is_not_admin_is_forbidden()
    {
        _ = host.Server;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DirectoryUser>>();
            var agent = new DirectoryUser { UserName = "agent1", Email = "agent1@example.test" };
            (await users.CreateAsync(agent, "Agent-Pass-123!")).Succeeded.Should().BeTrue();
            (await users.AddToRoleAsync(agent, Roles.Agent)).Succeeded.Should().BeTrue();
        }

        using var client = host.CreateBrowserClient();
        using var signIn = await WebHostFactory.SignInAsync(client, "agent1", "Agent-Pass-123!");

        using var response = await client.GetAsync(new Uri("/hangfire", UriKind.Relative), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        Directory.Delete(host.Folder, recursive: true);
    }
}
