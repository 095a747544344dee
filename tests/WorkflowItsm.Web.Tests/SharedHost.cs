using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Web.Tests;

/// <summary>
/// One in-process host for all the tests of a class (a class fixture), set up once: its people and their signed-in
/// clients. For classes whose tests run one after another and each make records of their own; booting a host per test
/// was most of the Web tests' time. A class that needs a clean database per test keeps a host of its own.
/// </summary>
public abstract class SharedHost : IAsyncLifetime
{
    private readonly List<HttpClient> clients = [];

    public WebHostFactory Host { get; } = new();

    public abstract ValueTask InitializeAsync();

    /// <summary>Creates a local account with one role, in the directory groups named.</summary>
    protected async Task CreatePersonAsync(string userName, string password, string role, params string[] groups)
    {
        await Host.CreateUserAsync(userName, password, role);
        await using var scope = Host.Services.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<DirectoryGroups>();
        foreach (var group in groups)
        {
            await directory.AddMemberAsync(group, userName, default);
        }
    }

    /// <summary>A client signed in as <paramref name="userName"/>, disposed with the host.</summary>
    protected async Task<HttpClient> SignInAsync(string userName = "admin", string password = WebHostFactory.AdminPassword)
    {
        var client = await Host.SignedInAsync(userName, password);
        clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }

        await Host.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
