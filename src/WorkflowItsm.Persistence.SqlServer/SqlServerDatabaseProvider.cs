using Hangfire;
using Hangfire.SqlServer;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Runtime.Hosting;

namespace WorkflowItsm.Persistence.SqlServer;

/// <summary>SQL Server, the production target: EF Core and Hangfire (schema <c>HangFire</c>) in one database.</summary>
public sealed class SqlServerDatabaseProvider : IDatabaseProvider
{
    public const string ProviderName = "SqlServer";

    public string Name => ProviderName;

    public string? DefaultConnectionString => null;

    public void ConfigureDbContext(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlServer(connectionString, sql => sql.MigrationsAssembly(typeof(SqlServerDatabaseProvider).Assembly.FullName));

    public JobStorage ConfigureHangfireStorage(IGlobalConfiguration hangfire, string connectionString) =>
        hangfire.UseSqlServerStorage(connectionString, new SqlServerStorageOptions
        {
            // Hangfire's recommended settings for new installations; a 1 s poll keeps timers on time.
            QueuePollInterval = TimeSpan.FromSeconds(1),
            CommandBatchMaxTimeout = TimeSpan.FromMinutes(5),
            SlidingInvisibilityTimeout = TimeSpan.FromMinutes(5),
            DisableGlobalLocks = true,
        }).Entry;

    public void PrepareStorage(string connectionString)
    {
        // The server and the database are the operator's; the migrations create everything inside it.
    }
}
