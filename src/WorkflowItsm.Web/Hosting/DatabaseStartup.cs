using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Web.Hosting;

/// <summary>Registers the product's DbContext on the configured provider and migrates it before the host serves anything.</summary>
internal static class DatabaseStartup
{
    public static IServiceCollection AddDatabase(this IServiceCollection services)
    {
        // Resolved from the final configuration (tests and hosts may add sources after the builder starts).
        services.AddSingleton(serviceProvider => DatabaseSettings.Resolve(serviceProvider.GetRequiredService<IConfiguration>()));
        // The options are built once (they name no scope's services: the context gets those in its constructor), so
        // each request's context skips configuring the provider again.
        services.AddDbContext<ItsmDbContext>((serviceProvider, options) =>
        {
            var database = serviceProvider.GetRequiredService<DatabaseSettings>();
            database.Provider.ConfigureDbContext(options, database.ConnectionString);
            ItsmDbContext.WithOwnInterceptors(options);
        }, optionsLifetime: ServiceLifetime.Singleton);
        // The runtime works on its own view of the one context, so a domain change and a workflow step share a transaction.
        services.AddScoped<WorkflowItsm.Runtime.Persistence.WorkflowDbContext>(serviceProvider => serviceProvider.GetRequiredService<ItsmDbContext>());
        return services;
    }

    /// <exception cref="StartupConfigurationException">The database cannot be reached or migrated.</exception>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var settings = services.GetRequiredService<DatabaseSettings>();
        settings.Provider.PrepareStorage(settings.ConnectionString);

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItsmDbContext>();
        try
        {
            // Checked first so an unreachable server is reported as such, before any migration starts.
            if (!await db.Database.CanConnectAsync(cancellationToken) && !IsCreatableFile(settings))
            {
                throw Unreachable(settings, "the server did not accept a connection");
            }

            await db.Database.MigrateAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
        {
            throw Unreachable(settings, ex.GetBaseException().Message, ex);
        }
    }

    // SQLite creates the file on first open, so "cannot connect yet" is expected there.
    private static bool IsCreatableFile(DatabaseSettings settings) =>
        settings.Provider.Name == Persistence.Sqlite.SqliteDatabaseProvider.ProviderName;

    private static StartupConfigurationException Unreachable(DatabaseSettings settings, string reason, Exception? inner = null)
    {
        var message = $"The {settings.Provider.Name} database named by {DatabaseSettings.ConnectionStringSetting} cannot be used: {reason}. " +
            $"Check {DatabaseSettings.ConnectionStringSetting} and that the server is running.";
        return inner is null ? new(message) : new(message, inner);
    }
}
