using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Email;

public enum InboundMailOutcome
{
    /// <summary>Stored, not yet processed.</summary>
    Received,
    Created,
    Commented,
    Ignored,
    Refused,
    Dropped,
    Failed,
}

/// <summary>
/// One mail as it came in: the raw MIME is stored on receipt, before the listener answers 250, and stays with the
/// outcome of processing it, so no mail is lost whatever its parts hold.
/// </summary>
public sealed class InboundMail
{
    public const int AddressLength = 320;
    public const int SubjectLength = 500;
    public const int MessageIdLength = 500;
    public const int OutcomeTextLength = 1000;

    public long Id { get; set; }
    public DateTime ReceivedAt { get; set; }

    /// <summary>The From header's address, lower case (null when it has none).</summary>
    public string? Sender { get; set; }
    public string? SenderName { get; set; }

    /// <summary>The SMTP envelope's MAIL FROM (empty for bounces and many auto-replies).</summary>
    public string? EnvelopeSender { get; set; }
    public string? Subject { get; set; }
    public string? MessageId { get; set; }
    public long Size { get; set; }
    public required byte[] Raw { get; set; }
    public InboundMailOutcome Outcome { get; set; }

    /// <summary>What became of it, in words ("Created INC0001234", "Ignored: automatic reply").</summary>
    public string? OutcomeText { get; set; }
    public string? RecordNumber { get; set; }
    public DateTime? ProcessedAt { get; set; }

    /// <summary>When a job took the mail to process it: a second job (the sweep's, or a retry) waits until this is stale.</summary>
    public DateTime? ClaimedAt { get; set; }
}

/// <summary>A comment mailed to a record's caller: its Message-ID is how a reply finds the record again.</summary>
public sealed class SentRecordMail
{
    public long Id { get; set; }
    public required string MessageId { get; set; }
    public required string RecordNumber { get; set; }
    public long NoteId { get; set; }
    public required string Recipient { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SentAt { get; set; }
}

internal sealed class InboundMailConfiguration : IEntityTypeConfiguration<InboundMail>
{
    public void Configure(EntityTypeBuilder<InboundMail> builder)
    {
        builder.ToTable("InboundMails");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Sender).HasMaxLength(InboundMail.AddressLength);
        builder.Property(m => m.SenderName).HasMaxLength(Record.NameLength);
        builder.Property(m => m.EnvelopeSender).HasMaxLength(InboundMail.AddressLength);
        builder.Property(m => m.Subject).HasMaxLength(InboundMail.SubjectLength);
        builder.Property(m => m.MessageId).HasMaxLength(InboundMail.MessageIdLength);
        builder.Property(m => m.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.OutcomeText).HasMaxLength(InboundMail.OutcomeTextLength);
        builder.Property(m => m.RecordNumber).HasMaxLength(Record.NumberLength);
        builder.HasIndex(m => new { m.Sender, m.ReceivedAt });
        builder.HasIndex(m => new { m.Outcome, m.ReceivedAt });
    }
}

internal sealed class SentRecordMailConfiguration : IEntityTypeConfiguration<SentRecordMail>
{
    public void Configure(EntityTypeBuilder<SentRecordMail> builder)
    {
        builder.ToTable("SentRecordMails");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.MessageId).HasMaxLength(InboundMail.MessageIdLength);
        builder.Property(m => m.RecordNumber).HasMaxLength(Record.NumberLength);
        builder.Property(m => m.Recipient).HasMaxLength(Record.NameLength);
        builder.HasIndex(m => m.MessageId).IsUnique();
        builder.HasIndex(m => m.NoteId).IsUnique();
        builder.HasIndex(m => m.RecordNumber);
    }
}
