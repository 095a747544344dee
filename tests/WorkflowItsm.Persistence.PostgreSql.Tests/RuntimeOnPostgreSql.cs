using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Runtime.Timers;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Persistence.PostgreSql.Tests;

/// <summary>The product's services on a new, migrated database of the test cluster, as a host wires them.</summary>
internal static class RuntimeOnPostgreSql
{
    public static async Task<ServiceProvider> StartAsync(PostgreSqlServer server, string databasePrefix)
    {
        var connectionString = await server.CreateDatabaseAsync(databasePrefix);
        var provider = new PostgreSqlDatabaseProvider();
        var services = new ServiceCollection()
            .AddLogging()
            .AddDbContext<ItsmDbContext>(options => provider.ConfigureDbContext(options, connectionString))
            .AddScoped<WorkflowDbContext>(sp => sp.GetRequiredService<ItsmDbContext>())
            // Scheduling is not what these tests exercise (the host tests run timers through Hangfire); job ids are made up.
            .AddSingleton<ITimerScheduler, CountingTimerScheduler>()
            .AddItsm()
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ItsmDbContext>().Database.MigrateAsync(TestContext.Current.CancellationToken);
        return services;
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
