using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace WorkflowItsm.Runtime.Hosting;

/// <summary>
/// One database product the host can run on. Each persistence project implements it, so that
/// <c>Database:Provider</c> switches EF Core and Hangfire storage together and nothing else names a provider.
/// </summary>
public interface IDatabaseProvider
{
    /// <summary>The value of <c>Database:Provider</c> that selects this provider.</summary>
    string Name { get; }

    /// <summary>The connection string used when <c>ConnectionStrings:Default</c> is not set, or null when one is required.</summary>
    string? DefaultConnectionString { get; }

    void ConfigureDbContext(DbContextOptionsBuilder options, string connectionString);

    /// <summary>Creates Hangfire's storage on this database and returns it (Hangfire also makes it <c>JobStorage.Current</c>).</summary>
    JobStorage ConfigureHangfireStorage(IGlobalConfiguration hangfire, string connectionString);

    /// <summary>Creates what must exist before the first connection (a folder for a file database), nothing more.</summary>
    void PrepareStorage(string connectionString);
}
