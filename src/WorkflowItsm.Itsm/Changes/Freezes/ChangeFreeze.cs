using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Changes.Freezes;

/// <summary>A freeze is drafted, submitted for approval, enforced, and cancelled when it is over or no longer wanted.</summary>
public enum ChangeFreezeState
{
    Draft,
    AwaitingApproval,
    Enforced,
    Cancelled,
}

/// <summary>
/// A change freeze (lockdown): from <see cref="Start"/> to <see cref="End"/> no change on its scope (services, which
/// cover every CI they depend on, and CIs) may be scheduled or implemented; enforcing it puts the changes in flight on
/// hold, cancelling it releases those it held.
/// </summary>
public sealed class ChangeFreeze
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public string? Reason { get; set; }
    public ChangeFreezeState State { get; set; }
    public DateTime Start { get; set; }
    public DateTime End { get; set; }
    public List<ChangeFreezeScope> Scope { get; set; } = [];
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? EnforcedBy { get; set; }
    public DateTime? EnforcedAt { get; set; }
    public string? CancelledBy { get; set; }
    public DateTime? CancelledAt { get; set; }
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
        builder.ToTable("ChangeFreezes");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Name).HasMaxLength(200);
        builder.Property(f => f.Reason).HasMaxLength(Record.TextLength);
        builder.Property(f => f.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(f => f.CreatedBy).HasMaxLength(Record.NameLength);
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
