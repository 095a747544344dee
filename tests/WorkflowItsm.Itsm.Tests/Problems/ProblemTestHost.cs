using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Problems;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Itsm.Tests.Problems;

/// <summary>
/// The domain on an in-memory SQLite database with a fake clock and detection settings the test chooses; no
/// workflow is deployed, so problems and incidents stand on their own (the web tests drive workflows/problem.bpmn).
/// </summary>
internal sealed class ProblemTestHost : IAsyncDisposable
{
    private readonly SqliteConnection connection = new("Data Source=:memory:");

    /// <summary>The host's one in-memory database: what went over it was this host's, whatever other tests run meanwhile.</summary>
    public SqliteConnection Connection => connection;
    private readonly Dictionary<string, string> cis = new(StringComparer.OrdinalIgnoreCase);

    private ProblemTestHost(DateTimeOffset start, ProblemDetectionOptions detection)
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
            .AddSingleton(detection)
            .BuildServiceProvider();
    }

    public FakeTimeProvider Time { get; }

    public ServiceProvider Services { get; }

    public static async Task<ProblemTestHost> StartAsync(DateTimeOffset start, ProblemDetectionOptions? detection = null)
    {
        var host = new ProblemTestHost(start, detection ?? new ProblemDetectionOptions());
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        await db.Database.EnsureCreatedAsync();
        db.Groups.Add(new DirectoryGroup { Key = "service-desk", DisplayName = "Service desk" });
        db.Groups.Add(new DirectoryGroup { Key = "service-desk-l2", DisplayName = "Second line" });
        db.Groups.Add(new DirectoryGroup { Key = "network-team", DisplayName = "Network" });
        db.Users.Add(new DirectoryUser { UserName = "ana", NormalizedUserName = "ANA", Email = "ana@example.test" });
        await db.SaveChangesAsync();
        return host;
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<T> ProblemsAsync<T>(Func<ProblemService, Task<T>> action) => InScopeAsync(s => action(s.GetRequiredService<ProblemService>()));

    public Task<Problem> CreateAsync(NewProblem problem) => ProblemsAsync(p => p.CreateAsync(problem, "ana", CancellationToken.None));

    public Task<Problem> TransitionAsync(string number, ProblemTransition transition) =>
        ProblemsAsync(p => p.TransitionAsync(number, transition, "ana", CancellationToken.None));

    /// <param name="configurationItem">A CI's name (any case): the first use creates a server of that name; the incident names its number.</param>
    public async Task<Incident> IncidentAsync(string shortDescription, string? configurationItem = null, string? category = null, string? group = null)
    {
        var number = configurationItem is null ? null : await CiAsync(configurationItem);
        return await InScopeAsync(s => s.GetRequiredService<IncidentService>().CreateAsync(
            new NewIncident { ShortDescription = shortDescription, Category = category, ConfigurationItem = number, AssignmentGroup = group }, "ana", CancellationToken.None));
    }

    /// <summary>The number of the CI of this name (any case), a server created on first use.</summary>
    public async Task<string> CiAsync(string name)
    {
        if (!cis.TryGetValue(name, out var number))
        {
            cis[name] = number = (await InScopeAsync(s => s.GetRequiredService<CiService>().CreateAsync(
                new NewConfigurationItem { Name = name, Class = CmdbSeed.Server }, "ana", CancellationToken.None))).Number;
        }

        return number;
    }

    public Task<ProblemDetails> DetailsAsync(string number) =>
        InScopeAsync(async s => (await s.GetRequiredService<ProblemQueries>().GetAsync(number, CancellationToken.None))!);

    public Task<List<RecordNote>> NotesAsync(Incident incident) =>
        InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().RecordNotes.AsNoTracking().Where(n => n.RecordNumber == incident.Number).OrderBy(n => n.Id).ToListAsync());

    public Task<bool> DetectAsync() =>
        InScopeAsync(async s =>
        {
            await s.GetRequiredService<RecurringIncidentDetectionJob>().RunAsync(CancellationToken.None);
            return true;
        });

    public Task<IReadOnlyList<ProblemProposalView>> ProposalsAsync(ProblemProposalStatus? status = null) =>
        InScopeAsync(async s => (await s.GetRequiredService<ProblemProposals>().ListAsync(status, 1, 50, CancellationToken.None)).Items);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await connection.DisposeAsync();
    }
}
