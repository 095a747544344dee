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

    public JobStorage ConfigureHangfireStorage(IGlobalConfiguration hangfire, string connectionString) =>
        hangfire.UsePostgreSqlStorage(
            storage => storage.UseNpgsqlConnection(connectionString),
            new PostgreSqlStorageOptions
            {
                SchemaName = "hangfire",
                // Timers must fire within about a second of their due time: workers wake on PostgreSQL's NOTIFY
                // when a job is queued instead of waiting for their next poll.
                QueuePollInterval = TimeSpan.FromSeconds(1),
                EnableLongPolling = true,
                // A host killed while holding a lock (the delayed-job scheduler's, say) would otherwise stall every
                // other host's timers for ten minutes; the locks are held for milliseconds.
                DistributedLockTimeout = TimeSpan.FromMinutes(1),
                // A job fetched by a host that died is handed out again after a minute, not half an hour; a running
                // job keeps its claim alive, so a long one is not started twice.
                UseSlidingInvisibilityTimeout = true,
                InvisibilityTimeout = TimeSpan.FromMinutes(1),
            }).Entry;

    public void PrepareStorage(string connectionString)
    {
        // The server and the database are the operator's; the migrations create everything inside it.
    }
}
