using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WorkflowItsm.Runtime.Deployments;

/// <summary>
/// A process owner's working copy of a process, saved in any state (even invalid) and published as the next
/// version when it has no errors. One per key; <see cref="Revision"/> keeps two owners from overwriting each other.
/// </summary>
public sealed class ProcessDraftRecord
{
    public required string Key { get; set; }
    public required string Xml { get; set; }
    public int Revision { get; set; }
    public string? UpdatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>The version the last publish of this draft created; null while it was never published.</summary>
    public int? PublishedVersion { get; set; }
}

internal sealed class ProcessDraftRecordConfiguration : IEntityTypeConfiguration<ProcessDraftRecord>
{
    public void Configure(EntityTypeBuilder<ProcessDraftRecord> builder)
    {
        builder.ToTable("ProcessDrafts");
        builder.HasKey(d => d.Key);
        builder.Property(d => d.Key).HasMaxLength(200);
        builder.Property(d => d.UpdatedBy).HasMaxLength(256);
        builder.Property(d => d.Revision).IsConcurrencyToken();
    }
}
