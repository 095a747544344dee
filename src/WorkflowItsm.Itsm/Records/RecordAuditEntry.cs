using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WorkflowItsm.Itsm.Records;

/// <summary>One field changed on one record of any kind: who, when, from what to what.</summary>
public sealed class RecordAuditEntry
{
    public const int FieldLength = 60;
    public const int SourceLength = 60;

    public long Id { get; set; }

    /// <summary>The record's number (INC0001001, PRB0001001...): known before a new record is saved.</summary>
    public required string RecordNumber { get; set; }
    public required string Field { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    public required string ChangedBy { get; set; }
    public DateTime ChangedAt { get; set; }

    /// <summary>
    /// Where the value came from when not from a person's form: a data source such as a discovery tool or an import
    /// ("sccm", "csv-import"). The CMDB audits every attribute with its source; other records leave it null.
    /// </summary>
    public string? Source { get; set; }
}

internal sealed class RecordAuditEntryConfiguration : IEntityTypeConfiguration<RecordAuditEntry>
{
    public void Configure(EntityTypeBuilder<RecordAuditEntry> builder)
    {
        builder.ToTable("RecordAudit");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.RecordNumber).HasMaxLength(Record.NumberLength);
        builder.Property(a => a.Field).HasMaxLength(RecordAuditEntry.FieldLength);
        builder.Property(a => a.OldValue).HasMaxLength(Record.TextLength);
        builder.Property(a => a.NewValue).HasMaxLength(Record.TextLength);
        builder.Property(a => a.ChangedBy).HasMaxLength(Record.NameLength);
        builder.Property(a => a.Source).HasMaxLength(RecordAuditEntry.SourceLength);
        builder.HasIndex(a => new { a.RecordNumber, a.ChangedAt });
    }
}
