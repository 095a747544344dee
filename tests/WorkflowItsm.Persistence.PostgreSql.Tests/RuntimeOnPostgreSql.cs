using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Runtime.Timers;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Persistence.PostgreSql.Tests;

/// <summary>The product's services on a new, migrated database of the test cluster, as a host wires them.</summary>
internal static class RuntimeOnPostgreSql
{
    /// <param name="configure">Registrations added to the product's (a test's own handlers, for one).</param>
    public static async Task<ServiceProvider> StartAsync(PostgreSqlServer server, string databasePrefix, Action<IServiceCollection>? configure = null) =>
        (await StartWithConnectionAsync(server, databasePrefix, configure: configure)).Services;

    /// <summary>As <see cref="StartAsync"/>; with the connection string, for a second host on the same database (<see cref="Build"/>).</summary>
    public static async Task<(ServiceProvider Services, string ConnectionString)> StartWithConnectionAsync(PostgreSqlServer server, string databasePrefix,
        ITimerScheduler? timers = null, Action<IServiceCollection>? configure = null)
    {
        var connectionString = await server.CreateDatabaseAsync(databasePrefix);
        var services = Build(connectionString, timers, configure);
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().Database.MigrateAsync(TestContext.Current.CancellationToken);
        return (services, connectionString);
    }

    /// <summary>Runs <paramref name="action"/> in a scope of its own, as one request or job of a host does.</summary>
    public static async Task<T> InScopeAsync<T>(this ServiceProvider services, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public static Task DeployAsync(this ServiceProvider services, BpmnFile file) =>
        services.InScopeAsync(s => s.GetRequiredService<ProcessDeployer>().DeployAsync([file], "test", null, TestContext.Current.CancellationToken));

    /// <summary>Deploys the product's incident-triage workflow (the test project copies the reference workflows).</summary>
    public static async Task DeployIncidentTriageAsync(this ServiceProvider services) =>
        await services.DeployAsync(new BpmnFile("incident-triage.bpmn",
            await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "workflows", "incident-triage.bpmn"), TestContext.Current.CancellationToken)));

    /// <summary>The services of one host on an existing database; <paramref name="timers"/> in place of the counting scheduler.</summary>
    public static ServiceProvider Build(string connectionString, ITimerScheduler? timers = null, Action<IServiceCollection>? configure = null)
    {
        var provider = new PostgreSqlDatabaseProvider();
        var services = new ServiceCollection()
            .AddLogging()
            .AddDbContext<ItsmDbContext>(options => provider.ConfigureDbContext(options, connectionString))
            .AddScoped<WorkflowDbContext>(sp => sp.GetRequiredService<ItsmDbContext>())
            // Scheduling is not what these tests exercise (the host tests run timers through Hangfire); job ids are made up.
            .AddSingleton(timers ?? new CountingTimerScheduler())
            .AddItsm();
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }
}

internal sealed class CountingTimerScheduler : ITimerScheduler
{
    private int count;

    public string Schedule(string bookmarkId, DateTimeOffset due) => $"job-{Interlocked.Increment(ref count)}";

    public void Cancel(string jobId)
    {
    }
}
