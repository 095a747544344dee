using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Web.Tests;

/// <summary>The real host on a SQLite file in a temporary folder, with a known first-admin password.</summary>
public sealed class WebHostFactory(string? folder = null) : WebApplicationFactory<Program>
{
    public const string AdminPassword = "Test-Admin-Pass-1!";

    public string Folder { get; } = folder ?? TestEnvironment.CreateTempFolder("web");

    public string DatabaseFile => Path.Combine(Folder, "data", "workflowitsm.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Default", $"Data Source={DatabaseFile}");
        builder.UseSetting("Seed:AdminPassword", AdminPassword);
    }

    public HttpClient CreateBrowserClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Creates a local account with one role, as an admin would.</summary>
    public async Task CreateUserAsync(string userName, string password, string role)
    {
        StartServer();
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DirectoryUser>>();
        var user = new DirectoryUser { UserName = userName, Email = $"{userName}@example.test" };
        (await users.CreateAsync(user, password)).Succeeded.Should().BeTrue();
        (await users.AddToRoleAsync(user, role)).Succeeded.Should().BeTrue();
    }

    /// <summary>Signs in through the real sign-in form (antiforgery token included); returns the response.</summary>
    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string userName, string password, string? returnUrl = null) =>
        SignInForm.PostAsync(client, userName, password, returnUrl);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
