using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WorkflowItsm.Runtime.Journal;

/// <summary>One line of an instance's history, append-only, written in the trigger's transaction.</summary>
public sealed class JournalRecord
{
    public long Id { get; set; }
    public required string InstanceId { get; set; }
    public DateTime At { get; set; }
    public required string Kind { get; set; }
    public string? ElementId { get; set; }
    public string? TokenId { get; set; }
    public string? ScopeId { get; set; }

    /// <summary>Who caused it, for entries a person caused (task claimed, variables set...).</summary>
    public string? UserId { get; set; }

    public string? Detail { get; set; }
}

internal sealed class JournalRecordConfiguration : IEntityTypeConfiguration<JournalRecord>
{
    public void Configure(EntityTypeBuilder<JournalRecord> builder)
    {
        builder.ToTable("Journal");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.InstanceId).HasMaxLength(64);
        builder.Property(j => j.Kind).HasMaxLength(40);
        builder.Property(j => j.ElementId).HasMaxLength(200);
        builder.Property(j => j.TokenId).HasMaxLength(64);
        builder.Property(j => j.ScopeId).HasMaxLength(64);
        builder.Property(j => j.UserId).HasMaxLength(256);
        builder.Property(j => j.Detail).HasMaxLength(4000);
        builder.HasIndex(j => new { j.InstanceId, j.Id });
        builder.HasIndex(j => j.At);
    }
}
