using Microsoft.AspNetCore.Hosting;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Directory;

namespace WorkflowItsm.Web.Tests.Account;

public sealed class SignInTests : IAsyncLifetime
{
    private readonly WebHostFactory host = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Sign_in_page_is_served_to_anonymous_visitors()
    {
        using var client = host.CreateBrowserClient();

        var page = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative), TestContext.Current.CancellationToken);

        page.Should().Contain("Sign in").And.Contain("name=\"Input.Password\"");
    }

    [Fact]
    public async Task Sign_in_posts_beyond_the_per_address_limit_are_refused_with_429()
    {
        await using var limited = host.WithWebHostBuilder(builder => builder.UseSetting("Account:SignInAttemptsPerMinute", "3"));
        using var client = limited.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            using var response = await WebHostFactory.SignInAsync(client, "admin", "not-the-password");
            statuses.Add(response.StatusCode);
        }

        statuses.Take(3).Should().NotContain(HttpStatusCode.TooManyRequests);
        statuses[3].Should().Be(HttpStatusCode.TooManyRequests);
        using var refused = await WebHostFactory.SignInAsync(client, "admin", WebHostFactory.AdminPassword);
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "even the right password waits for the window");
        (await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("try again in a minute");
    }

    [Fact]
    public async Task Admin_signs_in_with_the_seeded_password_and_is_sent_home()
    {
        using var client = host.CreateBrowserClient();

        using var response = await WebHostFactory.SignInAsync(client, "admin", WebHostFactory.AdminPassword);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.Should().Be("/");
        var me = await client.GetStringAsync(new Uri("/api/me", UriKind.Relative), TestContext.Current.CancellationToken);
        me.Should().Contain("\"name\":\"admin\"").And.Contain("\"admin\"");
    }

    [Fact]
    public async Task Wrong_password_stays_on_the_page_with_a_message_and_no_cookie()
    {
        using var client = host.CreateBrowserClient();

        using var response = await WebHostFactory.SignInAsync(client, "admin", "not-the-password");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("The user name or password is not right.");
        using var me = await client.GetAsync(new Uri("/api/me", UriKind.Relative), TestContext.Current.CancellationToken);
        me.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Account_locks_after_five_failed_attempts()
    {
        using var client = host.CreateBrowserClient();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var _ = await WebHostFactory.SignInAsync(client, "admin", "wrong-" + attempt);
        }

        using var response = await WebHostFactory.SignInAsync(client, "admin", WebHostFactory.AdminPassword);

        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("locked");
    }

    [Fact]
    public async Task Return_url_to_another_site_is_ignored()
    {
        using var client = host.CreateBrowserClient();

        using var response = await WebHostFactory.SignInAsync(client, "admin", WebHostFactory.AdminPassword, returnUrl: "//evil.example");

        response.Headers.Location!.OriginalString.Should().Be("/");
    }

    [Fact]
    public async Task Every_role_of_the_product_exists_after_start()
    {
        _ = host.Server;
        await using var scope = host.Services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<DirectoryRole>>();

        foreach (var role in Roles.All)
        {
            (await roles.RoleExistsAsync(role)).Should().BeTrue(role);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        Directory.Delete(host.Folder, recursive: true);
    }
}
