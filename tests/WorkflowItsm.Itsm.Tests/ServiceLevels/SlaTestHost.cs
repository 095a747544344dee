using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.ServiceLevels;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Itsm.Tests.ServiceLevels;

/// <summary>What the SLA tests read from the recorded jobs.</summary>
internal static class SlaJobs
{
    /// <summary>When the SLA check of <paramref name="clockId"/> was last scheduled for.</summary>
    public static DateTime? LastCheckOf(this RecordingJobs jobs, Guid clockId) =>
        jobs.Of<SlaCheckJob>().Where(j => j.Arguments[0] is Guid id && id == clockId).Select(j => j.At?.UtcDateTime).LastOrDefault();
}

/// <summary>
/// The domain on an in-memory SQLite database (migrated model with the seeded calendars and SLA definitions), a fake
/// clock, and recorded jobs; the incident-triage workflow is not deployed, so incidents stand alone.
/// </summary>
internal sealed class SlaTestHost : IAsyncDisposable
{
    private readonly SqliteConnection connection = new("Data Source=:memory:");

    private SlaTestHost(DateTimeOffset start)
    {
        Time = new FakeTimeProvider(start);
        connection.Open();
        Services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(Time)
            .AddSingleton<IJobs>(Jobs)
            .AddDbContext<ItsmDbContext>(options => options.UseSqlite(connection))
            .AddScoped<WorkflowDbContext>(provider => provider.GetRequiredService<ItsmDbContext>())
            .AddItsm()
            // A mail server is set, so warnings plan their email jobs (without one they only note that none is set).
            .Configure<WorkflowItsm.Itsm.Notifications.SmtpOptions>(smtp => smtp.Host = "mail.example.test")
            .BuildServiceProvider();
    }

    public FakeTimeProvider Time { get; }

    public RecordingJobs Jobs { get; } = new();

    public ServiceProvider Services { get; }

    public static async Task<SlaTestHost> StartAsync(DateTimeOffset start)
    {
        var host = new SlaTestHost(start);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        await db.Database.EnsureCreatedAsync();
        db.Groups.Add(new DirectoryGroup { Key = "service-desk", DisplayName = "Service desk" });
        db.Groups.Add(new DirectoryGroup { Key = "service-desk-l2", DisplayName = "Second line" });
        var agent = new DirectoryUser { UserName = "ana", NormalizedUserName = "ANA", Email = "ana@example.test" };
        db.Users.Add(agent);
        db.GroupMembers.Add(new DirectoryGroupMember { GroupKey = "service-desk", UserId = agent.Id });
        await db.SaveChangesAsync();
        return host;
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<Incident> CreateAsync(int impact, int urgency, string? group = null) =>
        InScopeAsync(s => s.GetRequiredService<IncidentService>().CreateAsync(
            new NewIncident { ShortDescription = "Something broke", Impact = impact, Urgency = urgency, AssignmentGroup = group }, "ana", CancellationToken.None));

    public Task<Incident> TransitionAsync(string number, IncidentTransition transition) =>
        InScopeAsync(s => s.GetRequiredService<IncidentService>().TransitionAsync(number, transition, "ana", CancellationToken.None));

    public Task<Incident> UpdateAsync(string number, IncidentChanges changes) =>
        InScopeAsync(s => s.GetRequiredService<IncidentService>().UpdateAsync(number, changes, null, "ana", CancellationToken.None));

    public Task<List<SlaClock>> ClocksAsync(Incident incident) =>
        InScopeAsync(s => s.GetRequiredService<ItsmDbContext>().SlaClocks.AsNoTracking().Where(c => c.IncidentId == incident.Id).OrderBy(c => c.StartedAt).ToListAsync());

    public async Task<SlaClock> ClockAsync(Incident incident, SlaKind kind, SlaClockState? state = null) =>
        (await ClocksAsync(incident)).Last(c => c.Kind == kind && (state is null || c.State == state));

    public Task<IReadOnlyList<SlaClockView>> ViewsAsync(Incident incident) =>
        InScopeAsync(s => s.GetRequiredService<SlaAdministration>().ClocksOfAsync(incident.Id, CancellationToken.None));

    public Task<bool> RunCheckAsync(Guid clockId) =>
        InScopeAsync(async s =>
        {
            await s.GetRequiredService<SlaCheckJob>().RunAsync(clockId, CancellationToken.None);
            return true;
        });

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await connection.DisposeAsync();
    }
}
