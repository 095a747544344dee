using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WorkflowItsm.Itsm.Records;

public enum RecordNoteKind
{
    /// <summary>Seen by the requester (the incident's caller).</summary>
    Comment,

    /// <summary>Staff only.</summary>
    WorkNote,
}

/// <summary>A comment or work note on a record of any kind.</summary>
public sealed class RecordNote
{
    public const int TextLength = Record.TextLength;

    public long Id { get; set; }
    public required string RecordNumber { get; set; }
    public RecordNoteKind Kind { get; set; }
    public required string Text { get; set; }
    public required string Author { get; set; }
    public DateTime At { get; set; }
}

internal sealed class RecordNoteConfiguration : IEntityTypeConfiguration<RecordNote>
{
    public void Configure(EntityTypeBuilder<RecordNote> builder)
    {
        builder.ToTable("RecordNotes");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.RecordNumber).HasMaxLength(Record.NumberLength);
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(n => n.Text).HasMaxLength(RecordNote.TextLength);
        builder.Property(n => n.Author).HasMaxLength(Record.NameLength);
        builder.HasIndex(n => new { n.RecordNumber, n.At });
    }
}
