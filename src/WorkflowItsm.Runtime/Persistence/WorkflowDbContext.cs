using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Runtime.Deployments;

namespace WorkflowItsm.Runtime.Persistence;

/// <summary>
/// The runtime's tables. The domain's context inherits this one (as contexts inherit IdentityDbContext),
/// so a domain change and the workflow step it causes commit in one transaction.
/// </summary>
public class WorkflowDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<ProcessDefinitionRecord> ProcessDefinitions => Set<ProcessDefinitionRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(WorkflowDbContext).Assembly);
    }
}
