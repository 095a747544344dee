using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Web.Tests.Hosting;

public sealed class RestartTests : IDisposable
{
    private readonly string folder = TestEnvironment.CreateTempFolder("restart");

    [Fact]
    public async Task Data_survives_a_restart_and_the_admin_is_created_only_once()
    {
        await using (var first = new WebHostFactory(folder))
        {
            _ = first.Server;
            await using var scope = first.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
            db.ProcessDefinitions.Add(new ProcessDefinitionRecord
            {
                Id = Guid.NewGuid(), Key = "kept", Version = 1, Xml = "<definitions/>", ContentHash = new string('c', 64),
                DeployedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await using var second = new WebHostFactory(folder);
        _ = second.Server;
        await using (var scope = second.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
            (await db.ProcessDefinitions.CountAsync(d => d.Key == "kept", TestContext.Current.CancellationToken)).Should().Be(1);
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DirectoryUser>>();
            (await users.Users.CountAsync(TestContext.Current.CancellationToken)).Should().Be(1);
        }

        using var client = second.CreateBrowserClient();
        using var response = await WebHostFactory.SignInAsync(client, "admin", WebHostFactory.AdminPassword);
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Redirect, "the cookie keys and the admin survive the restart");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
