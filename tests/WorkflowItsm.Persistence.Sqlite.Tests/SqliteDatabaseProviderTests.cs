using Hangfire;
using Hangfire.Storage.SQLite;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Persistence.Sqlite.Tests;

public sealed class SqliteDatabaseProviderTests : IDisposable
{
    private readonly string folder = TestEnvironment.CreateTempFolder("sqlite");
    private readonly SqliteDatabaseProvider provider = new();

    private string ConnectionString => $"Data Source={Path.Combine(folder, "data", "workflowitsm.db")};Pooling=False";

    private DbContextOptions<ItsmDbContext> Options()
    {
        var options = new DbContextOptionsBuilder<ItsmDbContext>();
        provider.ConfigureDbContext(options, ConnectionString);
        return options.Options;
    }

    [Fact]
    public void Migrations_match_the_model() => PersistenceScenarios.HasNoPendingModelChanges(Options());

    [Fact]
    public async Task Migrations_apply_to_a_new_file_and_data_round_trips()
    {
        provider.PrepareStorage(ConnectionString);

        await PersistenceScenarios.MigratesAndRoundTripsAsync(Options());

        File.Exists(Path.Combine(folder, "data", "workflowitsm.db")).Should().BeTrue();
    }

    [Fact]
    public async Task Hangfire_storage_and_EF_Core_share_one_process()
    {
        // Both use SQLite through different libraries (EF Core and sqlite-net); one native library serves both.
        provider.PrepareStorage(ConnectionString);
        await using (var db = new ItsmDbContext(Options()))
        {
            await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
        }

        using var storage = new SQLiteStorage(SqliteDatabaseProvider.HangfireFilePath(ConnectionString), new SQLiteStorageOptions());
        PersistenceScenarios.SchedulesAHangfireJob(storage);

        await using (var db = new ItsmDbContext(Options()))
        {
            (await db.ProcessDefinitions.CountAsync(TestContext.Current.CancellationToken)).Should().Be(0);
        }
    }

    [Fact]
    public async Task Prepared_file_uses_write_ahead_logging()
    {
        provider.PrepareStorage(ConnectionString);

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        (await command.ExecuteScalarAsync(TestContext.Current.CancellationToken)).Should().Be("wal");
    }

    [Fact]
    public async Task Every_open_of_a_pooled_connection_keeps_the_tuning_set_once_on_its_native_connection()
    {
        // Pooled, as the host's connection string is: the pragmas run on a native connection's first open only.
        var pooled = $"Data Source={Path.Combine(folder, "data", "pooled.db")}";
        provider.PrepareStorage(pooled);
        var options = new DbContextOptionsBuilder<ItsmDbContext>();
        provider.ConfigureDbContext(options, pooled);

        for (var open = 0; open < 3; open++)
        {
            await using var db = new ItsmDbContext(options.Options);
            await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
            (await PragmaAsync(db, "synchronous")).Should().Be(1L, "NORMAL, on open {0} as on the first", open + 1);
            (await PragmaAsync(db, "busy_timeout")).Should().Be(10000L);
        }
    }

    private static async Task<object?> PragmaAsync(ItsmDbContext db, string pragma)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {pragma};";
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Hangfire_file_sits_beside_the_product_file() =>
        SqliteDatabaseProvider.HangfireFilePath("Data Source=data/workflowitsm.db")
            .Should().Be(Path.Combine("data", "workflowitsm.hangfire.db"));

    [Fact]
    public void An_in_memory_database_is_refused_with_a_clear_message()
    {
        var act = () => provider.PrepareStorage("Data Source=:memory:");

        act.Should().Throw<ArgumentException>().WithMessage("*must name a database file*");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
