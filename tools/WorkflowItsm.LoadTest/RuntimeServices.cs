using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.Hosting;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.LoadTest;

/// <summary>The runtime wired as in the host (EF Core and Hangfire storage of one provider), for the in-process loads.</summary>
internal static class RuntimeServices
{
    /// <summary>
    /// Prepares the storage, points Hangfire at it and builds the services; <paramref name="configure"/> may replace
    /// registrations. LOADTEST_SQL_LOG=file logs every command EF Core sends.
    /// </summary>
    public static ServiceProvider Build(IDatabaseProvider provider, string connectionString, Action<IServiceCollection>? configure = null)
    {
        provider.PrepareStorage(connectionString);
        provider.ConfigureHangfireStorage(GlobalConfiguration.Configuration, connectionString);
        var sqlLog = Environment.GetEnvironmentVariable("LOADTEST_SQL_LOG");
        var services = new ServiceCollection()
            .AddLogging()
            .AddDbContext<ItsmDbContext>(options =>
            {
                provider.ConfigureDbContext(options, connectionString);
                ItsmDbContext.WithOwnInterceptors(options).AddInterceptors(DatabaseRoundTrips.Instance);
                if (!string.IsNullOrEmpty(sqlLog))
                {
                    options.LogTo(line => File.AppendAllText(sqlLog, line + Environment.NewLine), [Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.CommandExecuted]);
                }
            }, optionsLifetime: ServiceLifetime.Singleton) // as the host registers it
            .AddScoped<WorkflowDbContext>(sp => sp.GetRequiredService<ItsmDbContext>())
            .AddSingleton<IBackgroundJobClient>(_ => new BackgroundJobClient(JobStorage.Current))
            .AddItsm();
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>Migrates the database and deploys <paramref name="files"/>.</summary>
    public static Task MigrateAndDeployAsync(IServiceProvider services, params BpmnFile[] files) =>
        InScope(services, async s =>
        {
            await s.GetRequiredService<ItsmDbContext>().Database.MigrateAsync();
            await s.GetRequiredService<ProcessDeployer>().DeployAsync(files, "load", null, default);
        });

    /// <summary>Runs <paramref name="action"/> in a scope of its own, as one request of the host would.</summary>
    public static async Task<T> InScope<T>(IServiceProvider services, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public static async Task InScope(IServiceProvider services, Func<IServiceProvider, Task> action)
    {
        await using var scope = services.CreateAsyncScope();
        await action(scope.ServiceProvider);
    }
}
