using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WorkflowItsm.Itsm.Records;

/// <summary>A file attached to a record (a screenshot, a log, an e-mail), checked for size and type on the way in.</summary>
public sealed class RecordAttachment
{
    public const int FileNameLength = 255;
    public const int ContentTypeLength = 200;

    public long Id { get; set; }
    public required string RecordNumber { get; set; }

    /// <summary>The client's name without any path, control or reserved characters; never used as a path here.</summary>
    public required string FileName { get; set; }

    /// <summary>The declared type, checked against the allowed list and, for binary formats, against the first bytes.</summary>
    public required string ContentType { get; set; }
    public long Size { get; set; }

    /// <summary>SHA-256 of the content, lower-case hex: lets anyone check a download and spot the same file twice.</summary>
    public required string Sha256 { get; set; }

    /// <summary>
    /// The bytes live in the database row, not on a disk: every host reads the one database, so any host serves
    /// any attachment, and a backup of the database is a backup of the files. The size limit keeps rows small.
    /// </summary>
    public required byte[] Content { get; set; }
    public required string UploadedBy { get; set; }
    public DateTime UploadedAt { get; set; }
}

internal sealed class RecordAttachmentConfiguration : IEntityTypeConfiguration<RecordAttachment>
{
    public void Configure(EntityTypeBuilder<RecordAttachment> builder)
    {
        builder.ToTable("RecordAttachments");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.RecordNumber).HasMaxLength(Record.NumberLength);
        builder.Property(a => a.FileName).HasMaxLength(RecordAttachment.FileNameLength);
        builder.Property(a => a.ContentType).HasMaxLength(RecordAttachment.ContentTypeLength);
        builder.Property(a => a.Sha256).HasMaxLength(64);
        builder.Property(a => a.UploadedBy).HasMaxLength(Record.NameLength);
        builder.HasIndex(a => new { a.RecordNumber, a.UploadedAt });
    }
}
