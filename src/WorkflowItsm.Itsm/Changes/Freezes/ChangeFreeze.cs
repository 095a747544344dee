using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Changes.Freezes;

/// <summary>A freeze is drafted, submitted for approval, enforced once approved, and cancelled when it is over or no longer wanted.</summary>
public enum ChangeFreezeState
{
    Draft,
    AwaitingApproval,
    Enforced,
    Cancelled,
}

/// <summary>
/// A change freeze (lockdown), FRZ…: from <see cref="Start"/> to <see cref="End"/> no change on its scope (services,
/// which cover every CI they depend on, and CIs) may be scheduled or implemented. It is a record, so the approval
/// engine decides it (rule <c>change-freeze</c>) and its audit holds who submitted, approved and cancelled it.
/// Enforcing it puts the changes in flight on hold, cancelling it releases those it held.
/// </summary>
public sealed class ChangeFreeze : Record<ChangeFreezeState>
{
    public static readonly RecordLifecycle<ChangeFreezeState> Moves = new RecordLifecycle<ChangeFreezeState>()
        .Open(ChangeFreezeState.Draft, ChangeFreezeState.AwaitingApproval, ChangeFreezeState.Enforced)
        .Allow(ChangeFreezeState.Draft, ChangeFreezeState.AwaitingApproval, ChangeFreezeState.Cancelled)
        .Allow(ChangeFreezeState.AwaitingApproval, ChangeFreezeState.Enforced, ChangeFreezeState.Draft, ChangeFreezeState.Cancelled)
        .Allow(ChangeFreezeState.Enforced, ChangeFreezeState.Cancelled);

    /// <summary>Its name: the record's short description ("Year-end freeze").</summary>
    public string Name => ShortDescription;

    /// <summary>Why it is wanted: the record's description.</summary>
    public string? Reason => Description;

    public DateTime Start { get; set; }
    public DateTime End { get; set; }
    public List<ChangeFreezeScope> Scope { get; set; } = [];
    public string? EnforcedBy { get; set; }
    public DateTime? EnforcedAt { get; set; }
    public string? CancelledBy { get; set; }

    public override RecordLifecycle<ChangeFreezeState> Lifecycle => Moves;
}

/// <summary>One service or CI (by number) a freeze covers.</summary>
public sealed class ChangeFreezeScope
{
    public long Id { get; set; }
    public long FreezeId { get; set; }
    public required string CiNumber { get; set; }
}

internal sealed class ChangeFreezeConfiguration : IEntityTypeConfiguration<ChangeFreeze>
{
    public void Configure(EntityTypeBuilder<ChangeFreeze> builder)
    {
        builder.MapRecord<ChangeFreeze, ChangeFreezeState>("ChangeFreezes");
        builder.Ignore(f => f.Name);
        builder.Ignore(f => f.Reason);
        builder.Property(f => f.EnforcedBy).HasMaxLength(Record.NameLength);
        builder.Property(f => f.CancelledBy).HasMaxLength(Record.NameLength);
        builder.HasMany(f => f.Scope).WithOne().HasForeignKey(s => s.FreezeId).OnDelete(DeleteBehavior.Cascade);
        // The scheduling guard and the calendar ask for the enforced freezes meeting a window.
        builder.HasIndex(f => new { f.State, f.Start, f.End });
    }
}

internal sealed class ChangeFreezeScopeConfiguration : IEntityTypeConfiguration<ChangeFreezeScope>
{
    public void Configure(EntityTypeBuilder<ChangeFreezeScope> builder)
    {
        builder.ToTable("ChangeFreezeScopes");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.CiNumber).HasMaxLength(Record.CodeLength);
        builder.HasIndex(s => new { s.FreezeId, s.CiNumber }).IsUnique();
    }
}
