using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Releases;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Itsm.Tests.Releases;

/// <summary>
/// The domain on an in-memory SQLite database with a fake clock, without workflow (or with workflows/release-gating.bpmn
/// deployed, <see cref="StartWithWorkflowAsync"/>): a business service, the release managers rita and sam (the go/no-go
/// rule, policy all, ensured as at every start), and changes moved by their service. <see cref="RestartAsync"/> stops
/// the host and starts a new one on the same database, its clock going on from the same moment.
/// </summary>
internal sealed class ReleaseTestHost : IAsyncDisposable
{
    public const string By = "ana";
    public static readonly string[] ReleaseManagers = ["rita", "sam"];

    private readonly SqliteConnection connection;
    private readonly HashSet<string> ran = new(StringComparer.Ordinal);
    private bool keepConnection;

    private ReleaseTestHost(DateTimeOffset start, SqliteConnection? database = null)
    {
        Time = new FakeTimeProvider(start);
        connection = database ?? new SqliteConnection("Data Source=:memory:");
        if (database is null)
        {
            connection.Open();
        }

        Services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(Time)
            .AddSingleton<IJobs>(Jobs)
            .AddDbContext<ItsmDbContext>(options => options.UseSqlite(connection))
            .AddScoped<WorkflowDbContext>(provider => provider.GetRequiredService<ItsmDbContext>())
            .AddItsm()
            .BuildServiceProvider();
    }

    public FakeTimeProvider Time { get; }

    /// <summary>The jobs planned (timers, the workflow's after-commit work); run them with <see cref="RunJobsAsync{TJob}"/>.</summary>
    public RecordingJobs Jobs { get; } = new();

    public ServiceProvider Services { get; }

    public string Service { get; private set; } = "";

    public static async Task<ReleaseTestHost> StartAsync(DateTimeOffset start)
    {
        var host = new ReleaseTestHost(start);
        await host.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<ItsmDbContext>();
            await db.Database.EnsureCreatedAsync();
            db.Groups.Add(new DirectoryGroup { Key = ChangeService.DefaultGroup, DisplayName = "Change managers" });
            db.Users.Add(new DirectoryUser { UserName = By, NormalizedUserName = "ANA", Email = "ana@example.test" });
            foreach (var name in ReleaseManagers)
            {
                db.Users.Add(new DirectoryUser { UserName = name, NormalizedUserName = name.ToUpperInvariant(), Email = $"{name}@example.test" });
            }

            await db.SaveChangesAsync();
            await s.GetRequiredService<ReleaseApprovalDefaults>().EnsureAsync(CancellationToken.None);
            foreach (var name in ReleaseManagers)
            {
                await s.GetRequiredService<DirectoryGroups>().AddMemberAsync(ReleaseApprovalDefaults.ReleaseManagersGroup, name, CancellationToken.None);
            }

            host.Service = (await s.GetRequiredService<CiService>().CreateAsync(
                new NewConfigurationItem { Name = "Web shop", Class = CmdbSeed.BusinessService }, By, CancellationToken.None)).Number;
            return 0;
        });
        return host;
    }

    /// <summary>As <see cref="StartAsync"/>, with workflows/release-gating.bpmn deployed from the repository.</summary>
    public static async Task<ReleaseTestHost> StartWithWorkflowAsync(DateTimeOffset start)
    {
        var host = await StartAsync(start);
        var xml = await File.ReadAllTextAsync(ModelPath());
        await host.InScopeAsync(s => s.GetRequiredService<ProcessDeployer>().DeployAsync([new BpmnFile("release-gating.bpmn", xml)], "test", null, CancellationToken.None));
        return host;
    }

    /// <summary>workflows/release-gating.bpmn of the repository.</summary>
    public static string ModelPath()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory!.FullName, "WorkflowItsm.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory.FullName, "workflows", "release-gating.bpmn");
    }

    /// <summary>Stops this host (its services and planned jobs go) and starts a new one on the same database, at the same moment.</summary>
    public async Task<ReleaseTestHost> RestartAsync()
    {
        keepConnection = true;
        await DisposeAsync();
        return new ReleaseTestHost(Time.GetUtcNow(), connection) { Service = Service };
    }

    /// <summary>Runs the jobs of class <typeparamref name="TJob"/> planned and not run yet, as the job engine would once due.</summary>
    public async Task<int> RunJobsAsync<TJob>()
    {
        var run = 0;
        foreach (var job in Jobs.Of<TJob>().Where(j => (j.At is null || j.At <= Time.GetUtcNow()) && ran.Add(j.Id)))
        {
            await RecordingJobs.RunAsync(job, Services);
            run++;
        }

        return run;
    }

    /// <summary>
    /// The timer pump's run as the job engine would start it (fires lost timers, hands over those that came within the
    /// horizon), then the timer jobs due; returns how many timer jobs ran.
    /// </summary>
    public async Task<int> RunTimersAsync()
    {
        await InScopeAsync(s => s.GetRequiredService<WorkflowItsm.Runtime.Timers.TimerPumpJob>().RunAsync(CancellationToken.None));
        return await RunJobsAsync<WorkflowItsm.Runtime.Timers.TimerJob>();
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public async Task InScopeAsync(Func<IServiceProvider, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider);
    }

    /// <summary>A normal change on the service, moved by its service to <paramref name="state"/> along its path.</summary>
    public async Task<string> ChangeAsync(string title, ChangeState state)
    {
        var number = await InScopeAsync(async s => (await s.GetRequiredService<ChangeService>().CreateAsync(new NewChange
        {
            ShortDescription = title, Service = Service, PlannedStart = Time.GetUtcNow().UtcDateTime.AddDays(3), PlannedEnd = Time.GetUtcNow().UtcDateTime.AddDays(3).AddHours(2),
            ImplementationPlan = "Pipeline.", BackoutPlan = "Roll back.",
        }, By, CancellationToken.None)).Number);
        await MoveChangeAsync(number, state);
        return number;
    }

    public async Task MoveChangeAsync(string number, ChangeState target)
    {
        var path = ChangeLifecycle.HappyPath(ChangeType.Normal).ToList();
        while (true)
        {
            var state = await InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Changes.Where(c => c.Number == number).Select(c => c.State).FirstAsync());
            if (path.IndexOf(state) >= path.IndexOf(target))
            {
                return;
            }

            await InScopeAsync(s => s.GetRequiredService<ChangeService>().TransitionAsync(number, new ChangeTransition(path[path.IndexOf(state) + 1]), By, CancellationToken.None));
        }
    }

    public Task<Release> CreateAsync(NewRelease release) =>
        InScopeAsync(s => s.GetRequiredService<ReleaseService>().CreateAsync(release, By, CancellationToken.None));

    public Task<Release> MoveAsync(string number, ReleaseState to, string? reason = null) =>
        InScopeAsync(s => s.GetRequiredService<ReleaseService>().TransitionAsync(number, new ReleaseTransition(to, reason), By, CancellationToken.None));

    public Task<ReleaseGate> EvidenceAsync(string number, ReleaseEvidenceInput evidence) =>
        InScopeAsync(s => s.GetRequiredService<ReleaseEvidence>().RecordAsync(number, evidence, "pipeline-bot", CancellationToken.None));

    public Task<ReleaseDetails> DetailsAsync(string number) =>
        InScopeAsync(async s => (await s.GetRequiredService<ReleaseQueries>().GetAsync(number, CancellationToken.None))!);

    public Task<int> GateTimerAsync() => InScopeAsync(s => s.GetRequiredService<ReleaseGateTimerJob>().RunAsync(CancellationToken.None));

    public Task<ReleaseDeployment> DeployAsync(string number, string environment) =>
        InScopeAsync(s => s.GetRequiredService<ReleaseDeployments>().StartAsync(number, environment, By, CancellationToken.None));

    public Task<ReleaseDeployment> FinishAsync(string number, string environment, bool succeeded = true) =>
        InScopeAsync(s => s.GetRequiredService<ReleaseDeployments>().FinishAsync(number, environment, new DeploymentResult(succeeded), By, CancellationToken.None));

    public Task<Approval> VoteAsync(string approvalId, string user) =>
        InScopeAsync(s => s.GetRequiredService<ApprovalService>().VoteAsync(approvalId, user, ApprovalDecision.Approved, null, CancellationToken.None));

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (!keepConnection)
        {
            await connection.DisposeAsync();
        }
    }
}
