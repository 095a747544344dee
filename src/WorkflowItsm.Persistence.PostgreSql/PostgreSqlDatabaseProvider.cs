using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using WorkflowItsm.Runtime.Hosting;

namespace WorkflowItsm.Persistence.PostgreSql;

/// <summary>PostgreSQL for EF Core (Npgsql) and Hangfire (schema <c>hangfire</c> in the same database).</summary>
public sealed class PostgreSqlDatabaseProvider : IDatabaseProvider
{
    public const string ProviderName = "PostgreSql";

    public string Name => ProviderName;

    public string? DefaultConnectionString => null;

    /// <summary>Statements a connection keeps prepared unless the connection string says otherwise (Npgsql's default is none).</summary>
    public const int DefaultMaxAutoPrepare = 64;

    public void ConfigureDbContext(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(WithAutoPrepare(connectionString), npgsql => npgsql.MigrationsAssembly(typeof(PostgreSqlDatabaseProvider).Assembly.FullName));

    /// <summary>
    /// The runtime sends the same few statements over and over; prepared once per connection, PostgreSQL skips
    /// parsing and planning them. An explicit "Max Auto Prepare" in the connection string wins.
    /// </summary>
    public static string WithAutoPrepare(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        return builder.ConnectionString;
    }

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
