using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Changes.Conflicts;

/// <summary>Why a change's plan collides with something, in the order the check reports them.</summary>
public enum ChangeConflictKind
{
    /// <summary>Another open change is planned on the same CI at an overlapping time.</summary>
    SameCi,

    /// <summary>Another open change is planned on a CI this one's CIs depend on, or that depends on them.</summary>
    RelatedCi,

    /// <summary>The CI has maintenance windows and the change is not inside one.</summary>
    OutsideMaintenanceWindow,

    /// <summary>The change is planned inside a blackout window on its CIs.</summary>
    Blackout,

    /// <summary>The assignee works on another change at an overlapping time.</summary>
    AssigneeBusy,
}

/// <summary>
/// One conflict found for a change, kept until its plan moves again: the other change, the CI (every CI for a
/// blackout), the relation path through the CMDB, the window, and a sentence saying it all.
/// </summary>
public sealed class ChangeConflict
{
    public long Id { get; set; }
    public long ChangeId { get; set; }

    /// <summary>Set when the conflicts of a change not yet saved are recorded, so its id follows on save.</summary>
    public Change? Change { get; set; }
    public ChangeConflictKind Kind { get; set; }
    public string? OtherChangeNumber { get; set; }

    /// <summary>The CIs concerned, comma-separated: one, or every CI of the change a blackout covers.</summary>
    public string? CiNumbers { get; set; }

    /// <summary>How the change's CI reaches the other's, in the relations' words ("AppA runs on SrvS").</summary>
    public string? RelationPath { get; set; }
    public long? WindowId { get; set; }
    public required string Description { get; set; }
    public DateTime DetectedAt { get; set; }
}

internal sealed class ChangeConflictConfiguration : IEntityTypeConfiguration<ChangeConflict>
{
    public void Configure(EntityTypeBuilder<ChangeConflict> builder)
    {
        builder.ToTable("ChangeConflicts");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(c => c.OtherChangeNumber).HasMaxLength(Record.NumberLength);
        builder.Property(c => c.CiNumbers).HasMaxLength(Record.TextLength);
        builder.Property(c => c.RelationPath).HasMaxLength(Record.TextLength);
        builder.Property(c => c.Description).HasMaxLength(Record.TextLength);
        builder.HasOne(c => c.Change).WithMany().HasForeignKey(c => c.ChangeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => c.ChangeId);
    }
}

/// <summary>The conflict check asks "which changes are planned on these main CIs"; the affected CIs have their own index.</summary>
internal sealed class ChangeMainCiIndexConfiguration : IEntityTypeConfiguration<Change>
{
    public void Configure(EntityTypeBuilder<Change> builder) => builder.HasIndex(c => new { c.ConfigurationItem, c.PlannedStart });
}
