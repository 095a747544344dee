using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Continuity;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Problems;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Itsm.Tests.Continuity;

/// <summary>
/// The domain on an in-memory SQLite database with a fake clock and recorded jobs: the default impact categories, the
/// plan owner olga (a continuity manager: she approves analyses), and the business service "Payments" depending (CMDB) on the application "Payments app", which runs
/// on the server "pay-db-01".
/// </summary>
internal sealed class ContinuityTestHost : IAsyncDisposable
{
    public const string By = "ana";
    public const string Owner = "olga";

    private readonly SqliteConnection connection;
    private readonly HashSet<string> ran;
    private bool keepConnection;

    private ContinuityTestHost(DateTimeOffset start, SqliteConnection? database = null, RecordingJobs? jobs = null, HashSet<string>? ran = null)
    {
        Time = new FakeTimeProvider(start);
        Jobs = jobs ?? new RecordingJobs();
        this.ran = ran ?? new HashSet<string>(StringComparer.Ordinal);
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
    public RecordingJobs Jobs { get; }
    public ServiceProvider Services { get; }
    public string Service { get; private set; } = "";
    public string App { get; private set; } = "";
    public string Server { get; private set; } = "";

    public static async Task<ContinuityTestHost> StartAsync(DateTimeOffset start)
    {
        var host = new ContinuityTestHost(start);
        await host.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<ItsmDbContext>();
            await db.Database.EnsureCreatedAsync();
            db.Groups.Add(new DirectoryGroup { Key = ChangeService.DefaultGroup, DisplayName = "Change managers" });
            db.Groups.Add(new DirectoryGroup { Key = ProblemService.DefaultGroup, DisplayName = "Service desk L2" });
            foreach (var name in (string[])[By, Owner])
            {
                db.Users.Add(new DirectoryUser { UserName = name, NormalizedUserName = name.ToUpperInvariant(), Email = $"{name}@example.test" });
            }

            await db.SaveChangesAsync();
            await s.GetRequiredService<BusinessImpactAnalyses>().EnsureDefaultCategoriesAsync(CancellationToken.None);
            await s.GetRequiredService<ContinuityApprovalDefaults>().EnsureAsync(CancellationToken.None);
            await s.GetRequiredService<DirectoryGroups>().AddMemberAsync(BusinessImpactAnalyses.ManagersGroup, Owner, CancellationToken.None);
            var cis = s.GetRequiredService<CiService>();
            host.Service = (await cis.CreateAsync(new NewConfigurationItem { Name = "Payments", Class = CmdbSeed.BusinessService }, By, CancellationToken.None)).Number;
            host.App = (await cis.CreateAsync(new NewConfigurationItem { Name = "Payments app", Class = CmdbSeed.Application }, By, CancellationToken.None)).Number;
            host.Server = (await cis.CreateAsync(new NewConfigurationItem { Name = "pay-db-01", Class = CmdbSeed.Server }, By, CancellationToken.None)).Number;
            var relations = s.GetRequiredService<CiRelations>();
            await relations.AddAsync(new NewCiRelation(host.Service, CmdbSeed.DependsOn, host.App), By, CancellationToken.None);
            await relations.AddAsync(new NewCiRelation(host.App, CmdbSeed.RunsOn, host.Server), By, CancellationToken.None);
        });
        return host;
    }

    /// <summary>As <see cref="StartAsync"/>, with workflows/continuity-drill.bpmn deployed from the repository: drills run as tasks.</summary>
    public static async Task<ContinuityTestHost> StartWithWorkflowAsync(DateTimeOffset start)
    {
        var host = await StartAsync(start);
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory!.FullName, "WorkflowItsm.sln")))
        {
            directory = directory.Parent;
        }

        var xml = await File.ReadAllTextAsync(Path.Combine(directory.FullName, "workflows", "continuity-drill.bpmn"));
        await host.InScopeAsync(s => s.GetRequiredService<WorkflowItsm.Runtime.Deployments.ProcessDeployer>()
            .DeployAsync([new WorkflowItsm.Runtime.Deployments.BpmnFile("continuity-drill.bpmn", xml)], "test", null, CancellationToken.None));
        return host;
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

    /// <summary>Runs the jobs of class <typeparamref name="TJob"/> planned, due and not run yet.</summary>
    public async Task<int> RunJobsAsync<TJob>()
    {
        var run = 0;
        foreach (var job in Jobs.Of<TJob>().Where(j => (j.At is null || j.At <= Time.GetUtcNow()) && ran.Add(j.Id)).ToList())
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

    /// <summary>Fires a recurring job as the job engine would at its cron time.</summary>
    public Task FireRecurringAsync(string id) => RecordingJobs.RunAsync(Jobs.Recurring[id].Job, Services);

    public Task<List<NotificationRecord>> NotificationsOfAsync(string recipient) =>
        InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Notifications.AsNoTracking().Where(n => n.Recipient == recipient).ToListAsync());

    public Task<T> Continuity<TService, T>(Func<TService, Task<T>> action) where TService : notnull =>
        InScopeAsync(s => action(s.GetRequiredService<TService>()));

    /// <summary>Saves <paramref name="input"/> (issue test 1's analysis by default) as ana, submits it and approves it as olga: its RTO and RPO now feed the plan.</summary>
    public async Task<BusinessImpactAnalysis> ApprovedAnalysisAsync(BiaInput? input = null)
    {
        await Continuity<BusinessImpactAnalyses, BusinessImpactAnalysis>(b => b.SaveAsync(Service, input ?? BusinessImpactTests.Test1Analysis, By, CancellationToken.None));
        var analysis = await Continuity<BusinessImpactAnalyses, BusinessImpactAnalysis>(b => b.SubmitAsync(Service, By, CancellationToken.None));
        await Continuity<WorkflowItsm.Itsm.Approvals.ApprovalService, WorkflowItsm.Itsm.Approvals.Approval>(async a =>
            await a.VoteAsync(await PendingApprovalAsync(analysis.Number), Owner, WorkflowItsm.Itsm.Approvals.ApprovalDecision.Approved, null, CancellationToken.None));
        return (await Continuity<BusinessImpactAnalyses, BusinessImpactAnalysis?>(b => b.FindAsync(Service, CancellationToken.None)))!;
    }

    /// <summary>The id of the record's pending approval.</summary>
    public Task<string> PendingApprovalAsync(string recordNumber) =>
        InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().Approvals.AsNoTracking()
            .Where(a => a.RecordNumber == recordNumber && a.State == WorkflowItsm.Itsm.Approvals.ApprovalState.Pending).Select(a => a.Id).SingleAsync());

    /// <summary>
    /// Stops this host and starts a new one on the same database at the same moment; the planned jobs stay, as they do
    /// in the job engine's storage.
    /// </summary>
    public async Task<ContinuityTestHost> RestartAsync()
    {
        keepConnection = true;
        await DisposeAsync();
        return new ContinuityTestHost(Time.GetUtcNow(), connection, Jobs, ran) { Service = Service, App = App, Server = Server };
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (!keepConnection)
        {
            await connection.DisposeAsync();
        }
    }
}
