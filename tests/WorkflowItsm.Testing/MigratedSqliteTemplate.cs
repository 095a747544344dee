using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Persistence.Sqlite;

namespace WorkflowItsm.Testing;

/// <summary>
/// A SQLite database with every migration applied, made once per test run and copied for each test that needs
/// one: copying a file takes milliseconds, applying the migrations to a new file takes seconds. The template
/// follows whatever migrations the SQLite provider has (its name carries the last migration's id), and each test
/// still gets a file of its own. The migrations themselves are tested on an empty database by the provider's tests.
/// </summary>
public static class MigratedSqliteTemplate
{
    private static readonly Lazy<string> Template = new(Create);

    /// <summary>Copies the template to <paramref name="databaseFile"/> unless that file already exists (a restarted host keeps its data).</summary>
    public static void CopyTo(string databaseFile)
    {
        if (File.Exists(databaseFile))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databaseFile))!);
        File.Copy(Template.Value, databaseFile);
    }

    private static string Create()
    {
        var folder = TestEnvironment.CreateTempFolder("sqlite-template");
        var building = Path.Combine(folder, "building.db");
        var options = new DbContextOptionsBuilder<ItsmDbContext>();
        // No pooling: the file must be closed (nothing left in a journal) before it is copied.
        new SqliteDatabaseProvider().ConfigureDbContext(options, $"Data Source={building};Pooling=False");
        string lastMigration;
        using (var db = new ItsmDbContext(options.Options))
        {
            db.Database.Migrate();
            lastMigration = db.Database.GetAppliedMigrations().Last();
        }

        SqliteConnection.ClearAllPools();
        var template = Path.Combine(folder, $"migrated-{lastMigration}.db");
        File.Move(building, template);
        return template;
    }
}
