using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WorkflowItsm.Itsm.Records;

/// <summary>
/// A link from one record to another of any kind, read both ways: a problem causes incidents, a change implements a
/// problem's fix, a request item fulfils a request. The kind names the relation from <see cref="FromNumber"/>'s side.
/// </summary>
public sealed class RecordLink
{
    public const int KindLength = 40;

    public long Id { get; set; }
    public required string FromNumber { get; set; }
    public required string ToNumber { get; set; }
    public required string Kind { get; set; }
    public required string LinkedBy { get; set; }
    public DateTime LinkedAt { get; set; }
}

/// <summary>The relations records have with each other.</summary>
public static class RecordLinkKinds
{
    /// <summary>A problem is the cause of an incident (from the problem to the incident).</summary>
    public const string Causes = "causes";

    /// <summary>An incident or problem was caused by a change (from the incident or problem to the change).</summary>
    public const string CausedBy = "caused-by";

    /// <summary>An incident or problem is fixed by a change (from the incident or problem to the change).</summary>
    public const string FixedBy = "fixed-by";
}

internal sealed class RecordLinkConfiguration : IEntityTypeConfiguration<RecordLink>
{
    public void Configure(EntityTypeBuilder<RecordLink> builder)
    {
        builder.ToTable("RecordLinks");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.FromNumber).HasMaxLength(Record.NumberLength);
        builder.Property(l => l.ToNumber).HasMaxLength(Record.NumberLength);
        builder.Property(l => l.Kind).HasMaxLength(RecordLink.KindLength);
        builder.Property(l => l.LinkedBy).HasMaxLength(Record.NameLength);
        builder.HasIndex(l => new { l.FromNumber, l.Kind, l.ToNumber }).IsUnique();
        // Read from the other side: "which problem is this incident linked to".
        builder.HasIndex(l => new { l.ToNumber, l.Kind });
    }
}
