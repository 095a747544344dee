using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Itsm.Tests.Configuration;

/// <summary>The CMDB on an in-memory SQLite database (with the seeded classes and relation types) and a fake clock.</summary>
internal sealed class CmdbTestHost : IAsyncDisposable
{
    public const string By = "ana";
    private readonly SqliteConnection connection = new("Data Source=:memory:");

    private CmdbTestHost(DateTimeOffset start)
    {
        Time = new FakeTimeProvider(start);
        connection.Open();
        Services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(Time)
            .AddSingleton<IJobs>(new RecordingJobs())
            .AddDbContext<ItsmDbContext>(options => options.UseSqlite(connection).AddInterceptors(Commands))
            .AddScoped<WorkflowDbContext>(provider => provider.GetRequiredService<ItsmDbContext>())
            .AddItsm()
            .BuildServiceProvider();
    }

    public FakeTimeProvider Time { get; }

    /// <summary>Counts the SQL commands sent, so a test can hold a use case to its round trips.</summary>
    public CommandCounter Commands { get; } = new();

    public ServiceProvider Services { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<CmdbTestHost> StartAsync(DateTimeOffset? start = null)
    {
        var host = new CmdbTestHost(start ?? new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        await db.Database.EnsureCreatedAsync(Ct);
        db.Groups.Add(new DirectoryGroup { Key = "network-team", DisplayName = "Network" });
        db.Users.Add(new DirectoryUser { UserName = By, NormalizedUserName = "ANA", Email = "ana@example.test" });
        await db.SaveChangesAsync(Ct);
        return host;
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<ConfigurationItem> CreateAsync(string name, string classKey, IReadOnlyDictionary<string, string?>? attributes = null, string? source = null) =>
        InScopeAsync(s => s.GetRequiredService<CiService>().CreateAsync(
            new NewConfigurationItem { Name = name, Class = classKey, Attributes = attributes, Source = source, State = CiState.Operational }, By, Ct));

    public Task<ConfigurationItem> UpdateAsync(string number, CiChanges changes) =>
        InScopeAsync(s => s.GetRequiredService<CiService>().UpdateAsync(number, changes, null, By, Ct));

    public Task<ConfigurationItem> TransitionAsync(string number, CiState to) =>
        InScopeAsync(s => s.GetRequiredService<CiService>().TransitionAsync(number, to, By, Ct));

    public Task<CiRelation> RelateAsync(ConfigurationItem source, string type, ConfigurationItem target) =>
        InScopeAsync(s => s.GetRequiredService<CiRelations>().AddAsync(new NewCiRelation(source.Number, type, target.Number), By, Ct));

    public Task<CiDetails> DetailsAsync(string number) =>
        InScopeAsync(async s => (await s.GetRequiredService<CiQueries>().GetAsync(number, Ct))!);

    public Task<ImpactResult> DownstreamAsync(params ConfigurationItem[] down) =>
        InScopeAsync(s => s.GetRequiredService<ImpactAnalysis>().DownstreamAsync([.. down.Select(d => d.Number)], ImpactAnalysis.DefaultDepth, Ct));

    public Task<ImpactResult> UpstreamAsync(ConfigurationItem ci, int depth = ImpactAnalysis.DefaultDepth) =>
        InScopeAsync(s => s.GetRequiredService<ImpactAnalysis>().UpstreamAsync(ci.Number, depth, Ct));

    public Task<T> AdminAsync<T>(Func<CiClassAdministration, Task<T>> action) => InScopeAsync(s => action(s.GetRequiredService<CiClassAdministration>()));

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await connection.DisposeAsync();
    }
}

/// <summary>Counts the commands EF Core sends to the database.</summary>
internal sealed class CommandCounter : DbCommandInterceptor
{
    private int count;

    public int Count => count;

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref count);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }
}
