using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Changes.Templates;

/// <summary>
/// One version of a pre-approved standard change: what it does and how (plans), who does it. Every edit adds a new
/// version row; old versions stay, so a change made from one can always show what was approved. <see cref="TemplateId"/>
/// is the same for all versions of one template (the id of its first version).
/// </summary>
public sealed class StandardChangeTemplate
{
    public long Id { get; set; }
    public long TemplateId { get; set; }
    public int Version { get; set; }

    /// <summary>The newest version: the one the catalog offers.</summary>
    public bool IsCurrent { get; set; }

    /// <summary>Retired templates stay for the changes made from them but are offered no more.</summary>
    public bool Active { get; set; } = true;

    public required string Name { get; set; }
    public required string ShortDescription { get; set; }
    public string? Description { get; set; }
    public string? Category { get; set; }
    public string? Reason { get; set; }
    public string? ImplementationPlan { get; set; }
    public string? BackoutPlan { get; set; }
    public string? TestPlan { get; set; }
    public string? AssignmentGroup { get; set; }

    /// <summary>How long it usually takes (the planned end follows the planned start by it).</summary>
    public int DurationMinutes { get; set; } = 60;

    public required string ChangedBy { get; set; }
    public DateTime ChangedAt { get; set; }
}

internal sealed class StandardChangeTemplateConfiguration : IEntityTypeConfiguration<StandardChangeTemplate>
{
    public void Configure(EntityTypeBuilder<StandardChangeTemplate> builder)
    {
        builder.ToTable("StandardChangeTemplates");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Name).HasMaxLength(Record.ShortDescriptionLength);
        builder.Property(t => t.ShortDescription).HasMaxLength(Record.ShortDescriptionLength);
        builder.Property(t => t.Description).HasMaxLength(Record.TextLength);
        builder.Property(t => t.Category).HasMaxLength(Record.CodeLength);
        builder.Property(t => t.Reason).HasMaxLength(Record.TextLength);
        builder.Property(t => t.ImplementationPlan).HasMaxLength(Record.TextLength);
        builder.Property(t => t.BackoutPlan).HasMaxLength(Record.TextLength);
        builder.Property(t => t.TestPlan).HasMaxLength(Record.TextLength);
        builder.Property(t => t.AssignmentGroup).HasMaxLength(Record.CodeLength);
        builder.Property(t => t.ChangedBy).HasMaxLength(Record.NameLength);
        builder.HasIndex(t => new { t.TemplateId, t.Version }).IsUnique();
        builder.HasIndex(t => new { t.IsCurrent, t.Active, t.Name });
    }
}
