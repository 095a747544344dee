using Hangfire;
using Hangfire.Storage.SQLite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Runtime.Hosting;

namespace WorkflowItsm.Persistence.Sqlite;

/// <summary>
/// The embedded default: one SQLite file under <c>./data</c> for the product, and a sibling file for Hangfire
/// (Hangfire.Storage.SQLite keeps its own connection pool; sharing one file with EF Core would make the two
/// writers wait on each other's locks).
/// </summary>
public sealed class SqliteDatabaseProvider : IDatabaseProvider
{
    public const string ProviderName = "Sqlite";

    public string Name => ProviderName;

    public string? DefaultConnectionString => "Data Source=data/workflowitsm.db";

    private static readonly SqliteConnectionTuning ConnectionTuning = new();

    public void ConfigureDbContext(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(typeof(SqliteDatabaseProvider).Assembly.FullName))
            .AddInterceptors(ConnectionTuning);

    public JobStorage ConfigureHangfireStorage(IGlobalConfiguration hangfire, string connectionString) =>
        hangfire.UseSQLiteStorage(HangfireFilePath(connectionString), new SQLiteStorageOptions
        {
            // Timers must fire within about a second of their due time.
            QueuePollInterval = TimeSpan.FromSeconds(1),
            // As on PostgreSQL: locks and fetched jobs of a host that died are given up after a minute.
            DistributedLockLifetime = TimeSpan.FromMinutes(1),
            InvisibilityTimeout = TimeSpan.FromMinutes(5),
        }).Entry;

    public void PrepareStorage(string connectionString)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(DataSource(connectionString)));
        if (!string.IsNullOrEmpty(folder))
        {
            System.IO.Directory.CreateDirectory(folder);
        }

        // Write-ahead logging lets readers go on while one trigger writes; the setting is kept in the file.
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    /// <summary>The Hangfire file beside the product's file: <c>data/workflowitsm.db</c> → <c>data/workflowitsm.hangfire.db</c>.</summary>
    public static string HangfireFilePath(string connectionString)
    {
        var dataSource = DataSource(connectionString);
        return Path.ChangeExtension(dataSource, ".hangfire" + Path.GetExtension(dataSource));
    }

    private static string DataSource(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrWhiteSpace(dataSource) || dataSource == ":memory:")
        {
            throw new ArgumentException("The SQLite connection string must name a database file (Data Source=path).", nameof(connectionString));
        }

        return dataSource;
    }
}
