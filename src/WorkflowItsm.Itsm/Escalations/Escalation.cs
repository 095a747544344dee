using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Escalations;

/// <summary>What started an escalation.</summary>
public enum EscalationTrigger
{
    NewIncident,
    SlaWarning,
    SlaBreach,

    /// <summary>A change closed as unsuccessful (failed, backed out): paged once per change.</summary>
    ChangeFailure,
}

public enum EscalationState
{
    /// <summary>A level is paged and its timer runs.</summary>
    Active,
    Acknowledged,

    /// <summary>Every level (and repeat) was paged and nobody acknowledged.</summary>
    Exhausted,

    /// <summary>The record was closed or cancelled meanwhile.</summary>
    Cancelled,
}

/// <summary>
/// One run of a policy on one record: the level and round paged now, and when the next level is due. Its timer job
/// carries the level and round it was planned for, so a job that comes twice, late or after an acknowledgement does
/// nothing; the revision stops two hosts moving it at once.
/// </summary>
public sealed class Escalation
{
    public const int JobIdLength = 100;

    public long Id { get; set; }
    public required string RecordNumber { get; set; }
    public int PolicyId { get; set; }
    public required string PolicyName { get; set; }
    public EscalationTrigger Trigger { get; set; }

    /// <summary>What the trigger was about in words (the SLA's name).</summary>
    public string? TriggerDetail { get; set; }

    /// <summary>The record's group when the escalation started: whose on-call schedule and manager the levels page.</summary>
    public string? GroupKey { get; set; }
    public int Level { get; set; }
    public int Round { get; set; }
    public EscalationState State { get; set; }
    public DateTime StartedAt { get; set; }

    /// <summary>When the next level is paged unless acknowledged (null once it is over).</summary>
    public DateTime? NextAt { get; set; }
    public string? TimerJobId { get; set; }
    public string? AcknowledgedBy { get; set; }
    public DateTime? AcknowledgedAt { get; set; }
    public DateTime? EndedAt { get; set; }
    public int Revision { get; set; }
    public List<EscalationPage> Pages { get; set; } = [];
}

/// <summary>One person paged at one level, with the SHA-256 of the one-time acknowledge link emailed to her.</summary>
public sealed class EscalationPage
{
    public const int HashLength = 64;

    public long Id { get; set; }
    public long EscalationId { get; set; }
    public int Level { get; set; }
    public int Round { get; set; }
    public required string UserName { get; set; }

    /// <summary>Why she was paged, in words ("on call (primary)", "manager of network").</summary>
    public required string Reason { get; set; }
    public DateTime NotifiedAt { get; set; }
    public required string TokenHash { get; set; }
    public DateTime? LinkUsedAt { get; set; }
}

public enum ManualEscalationKind
{
    /// <summary>To another group, which takes the record over.</summary>
    Functional,

    /// <summary>Up to management: the group's manager is told.</summary>
    Hierarchical,

    /// <summary>Back down one hierarchical step.</summary>
    DeEscalation,
}

/// <summary>An escalation made by hand on a record, kept for the record's page and reports.</summary>
public sealed class ManualEscalation
{
    public long Id { get; set; }
    public required string RecordNumber { get; set; }
    public ManualEscalationKind Kind { get; set; }
    public string? FromGroup { get; set; }
    public string? ToGroup { get; set; }

    /// <summary>Whom a hierarchical escalation told.</summary>
    public string? Manager { get; set; }
    public required string Reason { get; set; }
    public required string By { get; set; }
    public DateTime At { get; set; }
}

internal sealed class EscalationConfiguration : IEntityTypeConfiguration<Escalation>
{
    public const string ActivePerRecordIndex = "IX_Escalations_ActivePerRecord";

    public void Configure(EntityTypeBuilder<Escalation> builder)
    {
        builder.ToTable("Escalations");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.RecordNumber).HasMaxLength(Record.NumberLength);
        builder.Property(e => e.PolicyName).HasMaxLength(EscalationPolicy.NameLength);
        builder.Property(e => e.Trigger).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.TriggerDetail).HasMaxLength(Record.ShortDescriptionLength);
        builder.Property(e => e.GroupKey).HasMaxLength(DirectoryGroup.KeyLength);
        builder.Property(e => e.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.TimerJobId).HasMaxLength(Escalation.JobIdLength);
        builder.Property(e => e.AcknowledgedBy).HasMaxLength(Record.NameLength);
        builder.Property(e => e.Revision).IsConcurrencyToken();
        builder.HasMany(e => e.Pages).WithOne().HasForeignKey(p => p.EscalationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => e.RecordNumber);
        // One running escalation per record, even when two triggers (a P1 and its SLA breach) start at the same instant on two hosts:
        // the later insert fails and that start gives way. The filter is quoted SQL every supported database reads alike.
        builder.HasIndex(e => e.RecordNumber, ActivePerRecordIndex).IsUnique().HasFilter("\"State\" = 'Active'");
        // The sweep: active escalations whose next level is overdue.
        builder.HasIndex(e => new { e.State, e.NextAt });
    }
}

internal sealed class EscalationPageConfiguration : IEntityTypeConfiguration<EscalationPage>
{
    public void Configure(EntityTypeBuilder<EscalationPage> builder)
    {
        builder.ToTable("EscalationPages");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.UserName).HasMaxLength(Record.NameLength);
        builder.Property(p => p.Reason).HasMaxLength(Record.ShortDescriptionLength);
        builder.Property(p => p.TokenHash).HasMaxLength(EscalationPage.HashLength);
        builder.HasIndex(p => p.TokenHash).IsUnique();
        builder.HasIndex(p => p.EscalationId);
    }
}

internal sealed class ManualEscalationConfiguration : IEntityTypeConfiguration<ManualEscalation>
{
    public void Configure(EntityTypeBuilder<ManualEscalation> builder)
    {
        builder.ToTable("ManualEscalations");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.RecordNumber).HasMaxLength(Record.NumberLength);
        builder.Property(m => m.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.FromGroup).HasMaxLength(DirectoryGroup.KeyLength);
        builder.Property(m => m.ToGroup).HasMaxLength(DirectoryGroup.KeyLength);
        builder.Property(m => m.Manager).HasMaxLength(Record.NameLength);
        builder.Property(m => m.Reason).HasMaxLength(Record.TextLength);
        builder.Property(m => m.By).HasMaxLength(Record.NameLength);
        builder.HasIndex(m => new { m.RecordNumber, m.At });
    }
}
