using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Persistence.Sqlite;

/// <summary>Lets <c>dotnet ef</c> build the context for this provider's migrations (tools/add-migration.sh).</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<ItsmDbContext>
{
    public ItsmDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ItsmDbContext>();
        new SqliteDatabaseProvider().ConfigureDbContext(options, "Data Source=design-time.db");
        return new ItsmDbContext(options.Options);
    }
}
