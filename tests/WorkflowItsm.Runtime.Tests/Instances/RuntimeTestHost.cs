using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WorkflowItsm.Bpmn;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Runtime.Timers;

namespace WorkflowItsm.Runtime.Tests.Instances;

/// <summary>
/// The runtime on SQLite with a controlled clock, for tests that deploy their own inline BPMN. In memory by
/// default; with <c>shareable: true</c> a temporary file, so that concurrent scopes each use their own
/// connection (one in-memory connection must not be used by two threads at once).
/// </summary>
internal sealed class RuntimeTestHost : IAsyncDisposable
{
    private readonly SqliteConnection? memory;
    private readonly string? file;

    private RuntimeTestHost(ServiceProvider services, SqliteConnection? memory, string? file)
    {
        Services = services;
        this.memory = memory;
        this.file = file;
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    public RecordingTimerScheduler Timers { get; } = new();
    public RecordingAsyncContinuationScheduler Jobs { get; } = new();
    public ServiceProvider Services { get; private set; }

    /// <param name="configure">Registrations added to the runtime's (event sinks, for one).</param>
    /// <param name="options">The runtime's tunables; the defaults when null.</param>
    public static async Task<RuntimeTestHost> StartAsync(bool shareable = false, Action<IServiceCollection>? configure = null, RuntimeOptions? options = null)
    {
        var memory = shareable ? null : new SqliteConnection("Data Source=:memory:");
        var file = shareable ? Path.Combine(Path.GetTempPath(), $"workflow-runtime-{Guid.NewGuid():N}.db") : null;
        if (memory is not null)
        {
            await memory.OpenAsync();
        }

        var host = new RuntimeTestHost(null!, memory, file);
        var services = new ServiceCollection()
            .AddDbContext<WorkflowDbContext>(options =>
            {
                if (memory is not null)
                {
                    options.UseSqlite(memory);
                }
                else
                {
                    options.UseSqlite($"Data Source={file};Pooling=False;Default Timeout=30");
                }
            })
            .AddSingleton<TimeProvider>(host.Clock)
            .AddSingleton<ITimerScheduler>(host.Timers)
            .AddSingleton<IAsyncContinuationScheduler>(host.Jobs)
            .AddSingleton(options ?? new RuntimeOptions())
            .AddBpmnEngine(typeof(RuntimeTestHost).Assembly)
            .AddWorkflowRuntime();
        configure?.Invoke(services);
        host.Services = services.BuildServiceProvider();
        await host.InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().Database.EnsureCreatedAsync());
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

    public Task<T> RuntimeAsync<T>(Func<WorkflowRuntime, Task<T>> action) =>
        InScopeAsync(s => action(s.GetRequiredService<WorkflowRuntime>()));

    public Task<IReadOnlyList<DeployedProcess>> DeployAsync(string xml) =>
        InScopeAsync(s => s.GetRequiredService<ProcessDeployer>().DeployAsync([new BpmnFile("test.bpmn", xml)], "test", null, default));

    public Task<ProcessInstanceRecord> StartProcessAsync(string key, string? businessKey = null, Dictionary<string, object?>? variables = null) =>
        RuntimeAsync(r => r.StartAsync(new StartProcessCommand(key, BusinessKey: businessKey, Variables: variables), default));

    public Task<ProcessInstanceRecord> InstanceAsync(string instanceId) =>
        InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().ProcessInstances.AsNoTracking().SingleAsync(i => i.Id == instanceId));

    public Task<InstanceDetails?> DetailsAsync(string instanceId) =>
        InScopeAsync(s => s.GetRequiredService<InstanceQueries>().GetAsync(instanceId, default));

    public Task<List<ProcessInstanceRecord>> InstancesOfAsync(string key) =>
        InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().ProcessInstances.AsNoTracking().Where(i => i.DefinitionKey == key).ToListAsync());

    public Task<List<BookmarkRecord>> BookmarksAsync(string instanceId) =>
        InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().Bookmarks.AsNoTracking().Where(b => b.InstanceId == instanceId).ToListAsync());

    public static readonly Dictionary<string, object?> HighImpact = new() { ["impact"] = 1L, ["urgency"] = 1L, ["shortDescription"] = "VPN down" };
    public static readonly Dictionary<string, object?> Resolution = new() { ["resolutionCode"] = "fixed", ["resolutionNotes"] = "Restarted the gateway" };

    /// <summary>Deploys the bundled workflows/incident-triage.bpmn.</summary>
    public async Task DeployTriageAsync() =>
        await DeployAsync(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "workflows", "incident-triage.bpmn")));

    public Task<ProcessInstanceRecord> StartTriageAsync(Dictionary<string, object?>? variables = null) =>
        StartProcessAsync("incident-triage", "INC0001001", variables ?? HighImpact);

    public Task<string> OpenTaskIdAsync(string instanceId) =>
        InScopeAsync(s => s.GetRequiredService<WorkflowDbContext>().HumanTasks.Where(t => t.InstanceId == instanceId).Select(t => t.Id).SingleAsync());

    /// <summary>A definitions document around one process; <paramref name="declarations"/> are messages, signals and errors.</summary>
    public static string Bpmn(string declarations, string process) => $"""
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Definitions" targetNamespace="http://workflowitsm.test">
          {declarations}
          {process}
        </bpmn:definitions>
        """;

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (memory is not null)
        {
            await memory.DisposeAsync();
        }

        if (file is not null)
        {
            File.Delete(file);
        }
    }
}
