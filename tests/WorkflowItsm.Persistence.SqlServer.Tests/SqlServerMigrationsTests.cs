using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Testing;

namespace WorkflowItsm.Persistence.SqlServer.Tests;

/// <summary>
/// SQL Server cannot run on our machines, so its provider is kept honest without a server: the migrations must
/// match the model and generate an idempotent script that creates the expected tables.
/// </summary>
public sealed class SqlServerMigrationsTests
{
    private const string NoServer = "Server=localhost;Database=WorkflowItsm;Trusted_Connection=True;TrustServerCertificate=True";

    private static DbContextOptions<ItsmDbContext> Options(string connectionString)
    {
        var options = new DbContextOptionsBuilder<ItsmDbContext>();
        new SqlServerDatabaseProvider().ConfigureDbContext(options, connectionString);
        return options.Options;
    }

    private static ItsmDbContext CreateContext(string connectionString) => new(Options(connectionString));

    [Fact]
    public void Migrations_match_the_model() => PersistenceScenarios.HasNoPendingModelChanges(Options(NoServer));

    [Fact]
    public void Idempotent_script_creates_every_table_once_and_guards_each_migration()
    {
        using var db = CreateContext(NoServer);
        var migrations = db.Database.GetMigrations().ToList();

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        migrations.Should().NotBeEmpty();
        foreach (var migration in migrations)
        {
            script.Should().Contain($"WHERE [MigrationId] = N'{migration}'", "each migration is guarded so the script can run twice");
        }

        foreach (var table in new[] { "ProcessDefinitions", "AspNetUsers", "AspNetRoles", "AspNetUserRoles", "AspNetUserClaims", "AspNetUserLogins", "AspNetUserTokens", "AspNetRoleClaims", "DataProtectionKeys" })
        {
            script.Should().Contain($"CREATE TABLE [{table}]");
        }

        script.Should().Contain("CREATE UNIQUE INDEX [IX_ProcessDefinitions_Key_Version]");
    }

    /// <summary>Runs the migrations for real when WORKFLOWITSM_SQLSERVER names a reachable SQL Server connection string.</summary>
    [Fact]
    public async Task Migrations_apply_to_a_real_SQL_Server_when_one_is_named()
    {
        var connectionString = Environment.GetEnvironmentVariable("WORKFLOWITSM_SQLSERVER");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Assert.Skip("SQL Server cannot run on this machine; set WORKFLOWITSM_SQLSERVER to a connection string to run the migrations against a real server.");
        }

        await using var db = CreateContext(connectionString);
        await db.Database.EnsureDeletedAsync(TestContext.Current.CancellationToken);
        await db.Database.MigrateAsync(TestContext.Current.CancellationToken);

        (await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken)).Should().BeEmpty();
        (await db.ProcessDefinitions.CountAsync(TestContext.Current.CancellationToken)).Should().Be(0);
    }
}
