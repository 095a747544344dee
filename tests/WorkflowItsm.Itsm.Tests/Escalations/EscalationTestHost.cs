using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Escalations;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Itsm.Tests.Escalations;

/// <summary>
/// The domain on an in-memory SQLite database with a fake clock and recorded jobs: the group network (anna, ben,
/// cleo), its manager dora, eve in the service desk. <see cref="RestartAsync"/> starts a new host on the same
/// database (the planned jobs of the old one are gone), its clock going on from the same moment.
/// </summary>
internal sealed class EscalationTestHost : IAsyncDisposable
{
    public const string Group = "network";
    public const string Desk = "service-desk";
    public const string Manager = "dora";
    public static readonly string[] Network = ["anna", "ben", "cleo"];

    private readonly SqliteConnection connection;
    private readonly HashSet<string> ran = new(StringComparer.Ordinal);
    private bool keepConnection;

    private EscalationTestHost(DateTimeOffset start, SqliteConnection? database = null, string? file = null)
    {
        Time = new FakeTimeProvider(start);
        connection = database ?? new SqliteConnection("Data Source=:memory:");
        if (database is null && file is null)
        {
            connection.Open();
        }

        Services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(Time)
            .AddSingleton<IJobs>(Jobs)
            // On a file each scope has its own connection, so two scopes can truly run at once.
            .AddDbContext<ItsmDbContext>(options => _ = file is null ? options.UseSqlite(connection) : options.UseSqlite($"Data Source={file};Default Timeout=30;Pooling=False"))
            .AddScoped<WorkflowDbContext>(provider => provider.GetRequiredService<ItsmDbContext>())
            .AddItsm()
            .BuildServiceProvider();
    }

    public FakeTimeProvider Time { get; }

    public RecordingJobs Jobs { get; } = new();

    public ServiceProvider Services { get; }

    public static Task<EscalationTestHost> StartAsync(DateTimeOffset start) => SeedAsync(new EscalationTestHost(start));

    /// <summary>The same on a database file (the test removes it), for tests of two things at the same instant.</summary>
    public static Task<EscalationTestHost> StartOnFileAsync(DateTimeOffset start, string file) => SeedAsync(new EscalationTestHost(start, file: file));

    private static async Task<EscalationTestHost> SeedAsync(EscalationTestHost host)
    {
        await host.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<ItsmDbContext>();
            await db.Database.EnsureCreatedAsync();
            db.Groups.Add(new DirectoryGroup { Key = Group, DisplayName = "Network" });
            db.Groups.Add(new DirectoryGroup { Key = Desk, DisplayName = "Service desk" });
            foreach (var name in Network.Append(Manager).Append("eve"))
            {
                var user = new DirectoryUser { UserName = name, NormalizedUserName = name.ToUpperInvariant(), Email = $"{name}@example.test" };
                db.Users.Add(user);
                if (Network.Contains(name))
                {
                    db.GroupMembers.Add(new DirectoryGroupMember { GroupKey = Group, UserId = user.Id });
                }
                else if (name == "eve")
                {
                    db.GroupMembers.Add(new DirectoryGroupMember { GroupKey = Desk, UserId = user.Id });
                }
            }

            await db.SaveChangesAsync();
            await s.GetRequiredService<EscalationPolicies>().SetManagerAsync(Group, Manager, CancellationToken.None);
        });
        return host;
    }

    /// <summary>Stops this host and starts a new one on the same database, at the same moment.</summary>
    public async Task<EscalationTestHost> RestartAsync()
    {
        keepConnection = true;
        await DisposeAsync();
        return new EscalationTestHost(Time.GetUtcNow(), connection);
    }

    /// <summary>Runs the jobs of class <typeparamref name="TJob"/> planned, due and not run yet, as the job engine would.</summary>
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

    public Task<T> Db<T>(Func<ItsmDbContext, Task<T>> query) => InScopeAsync(s => query(s.GetRequiredService<ItsmDbContext>()));

    public Task<Incident> IncidentAsync(int impact, int urgency, string group = Group) =>
        InScopeAsync(s => s.GetRequiredService<IncidentService>().CreateAsync(
            new NewIncident { ShortDescription = "Core switch down", Impact = impact, Urgency = urgency, AssignmentGroup = group }, "eve", CancellationToken.None));

    /// <summary>A weekly rota of network in Europe/Berlin from Monday 2 March 2026, handoff Monday 09:00.</summary>
    public Task<OnCallSchedule> WeeklyScheduleAsync(OnCallRestriction primaryRestriction = OnCallRestriction.Always) =>
        InScopeAsync(s => s.GetRequiredService<OnCallSchedules>().CreateAsync(new NewOnCallSchedule
        {
            GroupKey = Group, Name = "Network on call", TimeZone = "Europe/Berlin",
            Layers =
            [
                new NewOnCallLayer
                {
                    Layer = OnCallLayerKind.Primary, Rotation = RotationKind.Weekly, HandoffDay = DayOfWeek.Monday, HandoffTime = new TimeOnly(9, 0),
                    StartDate = new DateOnly(2026, 3, 2), Members = Network, Restriction = primaryRestriction,
                },
                new NewOnCallLayer
                {
                    Layer = OnCallLayerKind.Secondary, Rotation = RotationKind.Weekly, HandoffDay = DayOfWeek.Monday, HandoffTime = new TimeOnly(9, 0),
                    StartDate = new DateOnly(2026, 3, 2), Members = ["ben", "cleo", "anna"],
                },
            ],
        }, "dora", CancellationToken.None));

    /// <summary>P1 on network: level 1 the primary on call (5 minutes), level 2 the secondary and the group's manager (5 minutes).</summary>
    public Task<EscalationPolicy> P1PolicyAsync(int repeat = 0) =>
        InScopeAsync(s => s.GetRequiredService<EscalationPolicies>().CreateAsync(new NewEscalationPolicy
        {
            Name = "P1 network", Priority = 1, RepeatCount = repeat,
            Levels =
            [
                new NewEscalationLevel { TimeoutMinutes = 5, Targets = [new NewEscalationTarget { Kind = EscalationTargetKind.OnCall, Layer = OnCallLayerKind.Primary }] },
                new NewEscalationLevel
                {
                    TimeoutMinutes = 5,
                    Targets = [new NewEscalationTarget { Kind = EscalationTargetKind.OnCall, Layer = OnCallLayerKind.Secondary }, new NewEscalationTarget { Kind = EscalationTargetKind.GroupManager }],
                },
            ],
        }, "dora", CancellationToken.None));

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (!keepConnection)
        {
            await connection.DisposeAsync();
        }
    }
}
