using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Itsm.Tests.Changes;

/// <summary>
/// The domain on an in-memory SQLite database with a fake clock, a plan observer and a scheduling guard that record
/// their calls (the guard refuses when told to); no workflow is deployed, so changes move only by their service.
/// </summary>
internal sealed class ChangeTestHost : IAsyncDisposable
{
    private readonly SqliteConnection connection = new("Data Source=:memory:");

    private ChangeTestHost(DateTimeOffset start)
    {
        Time = new FakeTimeProvider(start);
        connection.Open();
        Services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(Time)
            .AddSingleton<IJobs>(new RecordingJobs())
            .AddDbContext<ItsmDbContext>(options => options.UseSqlite(connection))
            .AddScoped<WorkflowDbContext>(provider => provider.GetRequiredService<ItsmDbContext>())
            .AddItsm()
            .AddSingleton(Hooks)
            .AddSingleton<IChangePlanObserver>(Hooks)
            .AddSingleton<IChangeSchedulingGuard>(Hooks)
            .BuildServiceProvider();
    }

    public FakeTimeProvider Time { get; }

    public ServiceProvider Services { get; }

    public RecordingHooks Hooks { get; } = new();

    public static async Task<ChangeTestHost> StartAsync(DateTimeOffset start)
    {
        var host = new ChangeTestHost(start);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        await db.Database.EnsureCreatedAsync();
        db.Groups.Add(new DirectoryGroup { Key = ChangeService.DefaultGroup, DisplayName = "Change managers" });
        db.Groups.Add(new DirectoryGroup { Key = "network-team", DisplayName = "Network" });
        db.Groups.Add(new DirectoryGroup { Key = "service-desk", DisplayName = "Service desk" });
        db.Users.Add(new DirectoryUser { UserName = "ana", NormalizedUserName = "ANA", Email = "ana@example.test" });
        await db.SaveChangesAsync();
        return host;
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<Change> CreateAsync(NewChange change) => InScopeAsync(s => s.GetRequiredService<ChangeService>().CreateAsync(change, "ana", CancellationToken.None));

    public Task<Change> MoveAsync(string number, ChangeState to, ChangeCloseCode? code = null, string? notes = null) =>
        InScopeAsync(s => s.GetRequiredService<ChangeService>().TransitionAsync(number, new ChangeTransition(to, code, notes), "ana", CancellationToken.None));

    public Task<Change> UpdateAsync(string number, ChangeChanges changes) =>
        InScopeAsync(s => s.GetRequiredService<ChangeService>().UpdateAsync(number, changes, null, "ana", CancellationToken.None));

    public Task<ChangeDetails> DetailsAsync(string number) =>
        InScopeAsync(async s => (await s.GetRequiredService<ChangeQueries>().GetAsync(number, CancellationToken.None))!);

    public Task<string> CiAsync(string name, BusinessCriticality criticality = BusinessCriticality.Medium) =>
        InScopeAsync(async s => (await s.GetRequiredService<CiService>().CreateAsync(
            new NewConfigurationItem { Name = name, Class = CmdbSeed.Server, BusinessCriticality = criticality }, "ana", CancellationToken.None)).Number);

    public Task<int> CountAsync<T>()
        where T : class => InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Set<T>().CountAsync());

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await connection.DisposeAsync();
    }

    /// <summary>Records which changes the hooks were called for; refuses scheduling while <see cref="Refuse"/> is set.</summary>
    internal sealed class RecordingHooks : IChangePlanObserver, IChangeSchedulingGuard
    {
        public List<string> PlanChanges { get; } = [];

        public List<string> ScheduleChecks { get; } = [];

        public bool Refuse { get; set; }

        public Task PlanChangedAsync(Change change, CancellationToken cancellationToken)
        {
            PlanChanges.Add(change.Number);
            return Task.CompletedTask;
        }

        public Task EnsureMayScheduleAsync(Change change, CancellationToken cancellationToken)
        {
            ScheduleChecks.Add($"{change.Number}→{change.State}");
            return Refuse ? throw new FrozenException(change.Number) : Task.CompletedTask;
        }
    }

    internal sealed class FrozenException(string number) : RecordConflictException($"{number} falls in the year-end freeze.");
}
