using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Persistence.SqlServer;

/// <summary>Lets <c>dotnet ef</c> build the context for this provider's migrations; no server is contacted.</summary>
public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<ItsmDbContext>
{
    public ItsmDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ItsmDbContext>();
        new SqlServerDatabaseProvider().ConfigureDbContext(options, "Server=localhost;Database=WorkflowItsm;Trusted_Connection=True;TrustServerCertificate=True");
        return new ItsmDbContext(options.Options);
    }
}
