using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.Faults;
using WorkflowItsm.Runtime.HumanTasks;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Journal;

namespace WorkflowItsm.Runtime.Persistence;

/// <summary>
/// The runtime's tables. The domain's context inherits this one (as contexts inherit IdentityDbContext),
/// so a domain change and the workflow step it causes commit in one transaction.
/// </summary>
public class WorkflowDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<ProcessDefinitionRecord> ProcessDefinitions => Set<ProcessDefinitionRecord>();

    public DbSet<ProcessInstanceRecord> ProcessInstances => Set<ProcessInstanceRecord>();

    public DbSet<BookmarkRecord> Bookmarks => Set<BookmarkRecord>();

    public DbSet<HumanTaskRecord> HumanTasks => Set<HumanTaskRecord>();

    public DbSet<HumanTaskComment> HumanTaskComments => Set<HumanTaskComment>();

    public DbSet<JournalRecord> Journal => Set<JournalRecord>();

    public DbSet<FaultRecord> Faults => Set<FaultRecord>();

    public DbSet<BufferedMessageRecord> BufferedMessages => Set<BufferedMessageRecord>();

    public DbSet<ProcessDraftRecord> ProcessDrafts => Set<ProcessDraftRecord>();

    public DbSet<Decisions.DecisionDefinitionRecord> DecisionDefinitions => Set<Decisions.DecisionDefinitionRecord>();

    public DbSet<Forms.FormDefinitionRecord> FormDefinitions => Set<Forms.FormDefinitionRecord>();

    /// <summary>Jobs planned while this context's transaction is open, for its commit (<see cref="Jobs.IJobs"/>).</summary>
    internal Jobs.CommitHandOver HandOver { get; } = new();

    /// <summary>The interceptors the runtime needs on every context: the after-commit job hand-over and the trigger's write gate.</summary>
    public static IReadOnlyList<IInterceptor> RuntimeInterceptors { get; } =
        [Jobs.CommitHandOverInterceptor.Instance, Instances.TriggerTransactionInterceptor.Instance];

    /// <summary>The interceptors every context of this type needs (<see cref="OnConfiguring"/> makes sure they are there).</summary>
    protected virtual IEnumerable<IInterceptor> OwnInterceptors => RuntimeInterceptors;

    /// <summary>
    /// Adds the context's own interceptors its options lack. Options that already carry them (a host's, built once with
    /// them) are used as they are: adding interceptors here makes EF Core copy the options and look their service
    /// provider up again for every context, which a request pays on each scope.
    /// </summary>
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        base.OnConfiguring(optionsBuilder);
        var present = optionsBuilder.Options.FindExtension<CoreOptionsExtension>()?.Interceptors ?? [];
        var missing = OwnInterceptors.Except(present).ToArray();
        if (missing.Length > 0)
        {
            optionsBuilder.AddInterceptors(missing);
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(WorkflowDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // Runtime times are UTC DateTimes: every provider can index, compare and sort them (SQLite cannot sort DateTimeOffset).
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}
