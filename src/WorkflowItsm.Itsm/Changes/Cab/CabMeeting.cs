using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Changes.Cab;

public enum CabMeetingState
{
    Planned,
    InProgress,
    Completed,
    Cancelled,
}

/// <summary>What the board decided on one change of the agenda.</summary>
public enum CabDecision
{
    Pending,
    Approved,
    Rejected,
    Deferred,
}

/// <summary>One meeting of a board, with its agenda: the changes awaiting authorization that must be decided in it.</summary>
public sealed class CabMeeting
{
    public long Id { get; set; }
    public long CabDefinitionId { get; set; }
    public DateTime StartsAt { get; set; }
    public DateTime EndsAt { get; set; }
    public CabMeetingState State { get; set; }

    /// <summary>When the agenda job last looked at it (the agenda is rebuilt until the meeting starts).</summary>
    public DateTime? AgendaBuiltAt { get; set; }

    /// <summary>When the agenda was last sent to the board (it is sent again only when it changed).</summary>
    public DateTime? AgendaSentAt { get; set; }

    public string? Minutes { get; set; }

    public List<CabAgendaItem> Items { get; set; } = [];
}

/// <summary>One change on a meeting's agenda, in its time slot, and the board's decision on it.</summary>
public sealed class CabAgendaItem
{
    public long Id { get; set; }
    public long CabMeetingId { get; set; }
    public required string ChangeNumber { get; set; }
    public int Position { get; set; }
    public DateTime StartsAt { get; set; }
    public int Minutes { get; set; }
    public CabDecision Decision { get; set; }
    public string? DecisionNote { get; set; }
    public string? DecidedBy { get; set; }
    public DateTime? DecidedAt { get; set; }

    /// <summary>The board decided by its votes on the change's approval: the item takes the approval's outcome.</summary>
    public void TakeVotedOutcome(bool approved, DateTime decidedAt, string ruleName, string? outcome) =>
        (Decision, DecidedAt, DecidedBy, DecisionNote) = (approved ? CabDecision.Approved : CabDecision.Rejected, decidedAt, null, $"{ruleName}: {outcome}");
}

internal sealed class CabMeetingConfiguration : IEntityTypeConfiguration<CabMeeting>
{
    public void Configure(EntityTypeBuilder<CabMeeting> builder)
    {
        builder.ToTable("CabMeetings");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.Minutes).HasMaxLength(Record.TextLength);
        // One meeting per board and start, so two hosts running the agenda job cannot plan it twice.
        builder.HasIndex(m => new { m.CabDefinitionId, m.StartsAt }).IsUnique();
        builder.HasIndex(m => new { m.StartsAt, m.State });
        builder.HasMany(m => m.Items).WithOne().HasForeignKey(i => i.CabMeetingId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CabAgendaItemConfiguration : IEntityTypeConfiguration<CabAgendaItem>
{
    public void Configure(EntityTypeBuilder<CabAgendaItem> builder)
    {
        builder.ToTable("CabAgendaItems");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.ChangeNumber).HasMaxLength(Record.NumberLength);
        builder.Property(i => i.Decision).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.DecisionNote).HasMaxLength(Record.TextLength);
        builder.Property(i => i.DecidedBy).HasMaxLength(Record.NameLength);
        builder.HasIndex(i => new { i.CabMeetingId, i.ChangeNumber }).IsUnique();
        builder.HasIndex(i => i.ChangeNumber);
    }
}
