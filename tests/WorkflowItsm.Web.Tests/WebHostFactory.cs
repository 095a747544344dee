using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Web.Tests;

/// <summary>
/// The real host on a SQLite file in a temporary folder, with a known first-admin password. The file starts as a
/// copy of the migrated template (<see cref="MigratedSqliteTemplate"/>), so the host's start finds nothing to migrate.
/// </summary>
public sealed class WebHostFactory(string? folder = null) : WebApplicationFactory<Program>
{
    public const string AdminPassword = "Test-Admin-Pass-1!";

    public string Folder { get; } = folder ?? TestEnvironment.CreateTempFolder("web");

    public string DatabaseFile => Path.Combine(Folder, "data", "workflowitsm.db");

    /// <summary>More settings for the host (demo data, say); set before it starts.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>Every error (or worse) the host logged, with its exception: a test that expects none can say so.</summary>
    public LoggedErrors Errors { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        MigratedSqliteTemplate.CopyTo(DatabaseFile);
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Default", $"Data Source={DatabaseFile}");
        builder.UseSetting("Seed:AdminPassword", AdminPassword);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Errors));
        // Fewer PBKDF2 rounds than the product's 100,000: every test signs people in, and hashing was a tenth of the
        // API tests' time. Hashes carry their round count, so sign-in checks them the same way.
        builder.ConfigureServices(services => services.Configure<PasswordHasherOptions>(options => options.IterationCount = 1_000));
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

/// <summary>Collects what the host logs at Error and Critical, with the request it happened in (from the log scope).</summary>
public sealed class LoggedErrors : ILoggerProvider, ISupportExternalScope
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> entries = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<string> Entries => [.. entries];

    public ILogger CreateLogger(string categoryName) => new Collector(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose() { }

    // " (request /hangfire/stats)" when the entry was logged inside a request: with several pages open, the page is not enough.
    private string RequestOf()
    {
        string? path = null;
        scopes.ForEachScope((scope, _) =>
        {
            if (scope is IEnumerable<KeyValuePair<string, object?>> values && values.FirstOrDefault(value => value.Key == "RequestPath").Value is { } requestPath)
            {
                path ??= requestPath.ToString();
            }
        }, (object?)null);
        return path is null ? "" : $" (request {path})";
    }

    private sealed class Collector(string category, LoggedErrors errors) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => errors.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                errors.entries.Enqueue($"{category}{errors.RequestOf()}: {formatter(state, exception)}{(exception is null ? "" : " — " + exception.GetType().Name + ": " + exception.Message)}");
            }
        }
    }
}
