using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
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
    public async Task Account_locks_after_five_failed_attempts_and_says_so_no_differently_than_for_an_unknown_name()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = host.CreateBrowserClient();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var _ = await WebHostFactory.SignInAsync(client, "admin", "wrong-" + attempt);
        }

        using var locked = await WebHostFactory.SignInAsync(client, "admin", WebHostFactory.AdminPassword);
        using var unknown = await WebHostFactory.SignInAsync(client, "nobody-here", WebHostFactory.AdminPassword);

        locked.StatusCode.Should().Be(HttpStatusCode.OK, "the right password does not sign in while locked");
        using var me = await client.GetAsync(new Uri("/api/me", UriKind.Relative), ct);
        me.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        ErrorOf(await locked.Content.ReadAsStringAsync(ct)).Should().Be(ErrorOf(await unknown.Content.ReadAsStringAsync(ct)))
            .And.Contain("After 5 failed attempts");
    }

    [Fact]
    public async Task An_unknown_name_and_a_locked_account_run_the_password_hasher_like_a_wrong_password()
    {
        var hasher = new CountingPasswordHasher();
        await using var counted = host.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddScoped<IPasswordHasher<DirectoryUser>>(_ => hasher)));
        using var client = counted.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        using var _ = await WebHostFactory.SignInAsync(client, "admin", "not-the-password");
        var forRealAccount = hasher.Verifications;
        using var __ = await WebHostFactory.SignInAsync(client, "nobody-here", "not-the-password");

        forRealAccount.Should().Be(1);
        hasher.Verifications.Should().Be(2, "an unknown name is hashed too, so it answers as slowly as a real account");
    }

    [Theory]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("/\t/evil.example/")]
    [InlineData("/\n/evil.example/")]
    [InlineData("/\r\n/evil.example/")]
    [InlineData("/\u3000/evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData(" /incidents")]
    public async Task Return_url_to_another_site_or_with_control_or_space_characters_is_ignored(string returnUrl)
    {
        using var client = host.CreateBrowserClient();

        using var response = await WebHostFactory.SignInAsync(client, "admin", WebHostFactory.AdminPassword, returnUrl);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.Should().Be("/");
    }

    [Fact]
    public async Task Return_url_of_this_site_is_followed()
    {
        using var client = host.CreateBrowserClient();

        using var response = await WebHostFactory.SignInAsync(client, "admin", WebHostFactory.AdminPassword, "/incidents?state=New");

        response.Headers.Location!.OriginalString.Should().Be("/incidents?state=New");
    }

    [Theory]
    [InlineData("/account/login/")]
    [InlineData("/ACCOUNT/Login")]
    public async Task The_sign_in_limit_holds_however_the_path_is_written(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var limited = host.WithWebHostBuilder(builder => builder.UseSetting("Account:SignInAttemptsPerMinute", "3"));
        using var client = limited.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var page = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative), ct);
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        var statuses = new List<HttpStatusCode>();
        foreach (var password in new[] { "wrong-1", "wrong-2", "wrong-3", WebHostFactory.AdminPassword })
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["_handler"] = "login", ["Input.UserName"] = "admin", ["Input.Password"] = password,
            });
            using var response = await client.PostAsync(new Uri(path, UriKind.Relative), form, ct);
            statuses.Add(response.StatusCode);
        }

        statuses.Take(3).Should().OnlyContain(s => s == HttpStatusCode.OK, "the page answers there (a wrong password)");
        statuses[3].Should().Be(HttpStatusCode.TooManyRequests);
    }

    private static string ErrorOf(string page) =>
        System.Text.RegularExpressions.Regex.Match(page, "data-testid=\"login-error\">([^<]*)<").Groups[1].Value;

    private sealed class CountingPasswordHasher : IPasswordHasher<DirectoryUser>
    {
        private readonly PasswordHasher<DirectoryUser> real = new();
        private int verifications;

        public int Verifications => Volatile.Read(ref verifications);

        public string HashPassword(DirectoryUser user, string password) => real.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(DirectoryUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref verifications);
            return real.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
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
