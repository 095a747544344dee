using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Persistence.PostgreSql;

/// <summary>Lets <c>dotnet ef</c> build the context for this provider's migrations; no server is contacted.</summary>
public sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<ItsmDbContext>
{
    public ItsmDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ItsmDbContext>();
        new PostgreSqlDatabaseProvider().ConfigureDbContext(options, "Host=localhost;Database=workflowitsm_design");
        return new ItsmDbContext(options.Options);
    }
}
