using Hangfire;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Testing;

[assembly: AssemblyFixture(typeof(PostgreSqlServer))]

namespace WorkflowItsm.Persistence.PostgreSql.Tests;

/// <summary>Runs against a real PostgreSQL cluster started for this test assembly.</summary>
public sealed class PostgreSqlDatabaseProviderTests(PostgreSqlServer server)
{
    private readonly PostgreSqlDatabaseProvider provider = new();

    private DbContextOptions<ItsmDbContext> Options(string connectionString)
    {
        var options = new DbContextOptionsBuilder<ItsmDbContext>();
        provider.ConfigureDbContext(options, connectionString);
        return options.Options;
    }

    [Fact]
    public void Migrations_match_the_model() =>
        PersistenceScenarios.HasNoPendingModelChanges(Options("Host=127.0.0.1;Database=unused"));

    [Fact]
    public async Task Migrations_apply_to_an_empty_database_and_data_round_trips()
    {
        var connectionString = await server.CreateDatabaseAsync("roundtrip");

        await PersistenceScenarios.MigratesAndRoundTripsAsync(Options(connectionString));
    }

    [Fact]
    public async Task Migrations_create_the_expected_tables()
    {
        var connectionString = await server.CreateDatabaseAsync("tables");
        await using (var db = new ItsmDbContext(Options(connectionString)))
        {
            await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
        }

        var tables = new List<string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            tables.Add(reader.GetString(0));
        }

        tables.Should().Contain(["ProcessDefinitions", "AspNetUsers", "AspNetRoles", "AspNetUserRoles", "DataProtectionKeys", "__EFMigrationsHistory"]);
    }

    [Fact]
    public async Task Hangfire_storage_lives_in_its_own_schema_of_the_same_database()
    {
        var connectionString = await server.CreateDatabaseAsync("hangfire");
        // The provider creates Hangfire's storage exactly as the host does.
        var storage = provider.ConfigureHangfireStorage(GlobalConfiguration.Configuration, connectionString);

        PersistenceScenarios.SchedulesAHangfireJob(storage);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM hangfire.job", connection);
        ((long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!).Should().Be(1);
    }
}
