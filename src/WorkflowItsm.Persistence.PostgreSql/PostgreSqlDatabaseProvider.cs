using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Runtime.Hosting;

namespace WorkflowItsm.Persistence.PostgreSql;

/// <summary>PostgreSQL for EF Core (Npgsql) and Hangfire (schema <c>hangfire</c> in the same database).</summary>
public sealed class PostgreSqlDatabaseProvider : IDatabaseProvider
{
    public const string ProviderName = "PostgreSql";

    public string Name => ProviderName;

    public string? DefaultConnectionString => null;

    public void ConfigureDbContext(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(typeof(PostgreSqlDatabaseProvider).Assembly.FullName));

    public void ConfigureHangfireStorage(IGlobalConfiguration hangfire, string connectionString) =>
        hangfire.UsePostgreSqlStorage(
            storage => storage.UseNpgsqlConnection(connectionString),
            new PostgreSqlStorageOptions
            {
                SchemaName = "hangfire",
                // Timers must fire within about a second of their due time.
                QueuePollInterval = TimeSpan.FromSeconds(1),
            });

    public void PrepareStorage(string connectionString)
    {
        // The server and the database are the operator's; the migrations create everything inside it.
    }
}
