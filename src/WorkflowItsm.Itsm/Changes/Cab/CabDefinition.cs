using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Changes.Cab;

/// <summary>
/// A change advisory board that meets on a schedule ("every Tuesday at 14:00"): who chairs it, who sits on it (a
/// directory group) and who stands in for whom, how long a meeting lasts and how much time each change on the agenda
/// gets. Each meeting's agenda is built by <see cref="CabAgendaJob"/>.
/// </summary>
public sealed class CabDefinition
{
    public const int NameLength = 100;
    public const int ScheduleLength = 100;
    public const int TimeZoneLength = 64;

    public long Id { get; set; }
    public required string Name { get; set; }

    /// <summary>When meetings start: a cron expression (minute hour day month weekday) in <see cref="TimeZone"/>.</summary>
    public required string Schedule { get; set; }

    /// <summary>An IANA or Windows time zone id; the schedule is read in it (meetings follow daylight saving).</summary>
    public required string TimeZone { get; set; }

    public int MeetingMinutes { get; set; } = 60;
    public int MinutesPerChange { get; set; } = 10;

    /// <summary>The change manager who chairs the meetings (a user name).</summary>
    public required string Manager { get; set; }

    /// <summary>The directory group whose members are the board.</summary>
    public required string MembersGroup { get; set; }

    public bool Active { get; set; } = true;

    public List<CabDelegate> Delegates { get; set; } = [];
}

/// <summary>A board member's stand-in: votes and receives the agenda while the member is away.</summary>
public sealed class CabDelegate
{
    public long Id { get; set; }
    public long CabDefinitionId { get; set; }
    public required string Member { get; set; }
    public required string Delegate { get; set; }
}

internal sealed class CabDefinitionConfiguration : IEntityTypeConfiguration<CabDefinition>
{
    public void Configure(EntityTypeBuilder<CabDefinition> builder)
    {
        builder.ToTable("CabDefinitions");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Name).HasMaxLength(CabDefinition.NameLength);
        builder.HasIndex(c => c.Name).IsUnique();
        builder.Property(c => c.Schedule).HasMaxLength(CabDefinition.ScheduleLength);
        builder.Property(c => c.TimeZone).HasMaxLength(CabDefinition.TimeZoneLength);
        builder.Property(c => c.Manager).HasMaxLength(Record.NameLength);
        builder.Property(c => c.MembersGroup).HasMaxLength(Record.CodeLength);
        builder.HasMany(c => c.Delegates).WithOne().HasForeignKey(d => d.CabDefinitionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CabDelegateConfiguration : IEntityTypeConfiguration<CabDelegate>
{
    public void Configure(EntityTypeBuilder<CabDelegate> builder)
    {
        builder.ToTable("CabDelegates");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Member).HasMaxLength(Record.NameLength);
        builder.Property(d => d.Delegate).HasMaxLength(Record.NameLength);
        builder.HasIndex(d => new { d.CabDefinitionId, d.Member }).IsUnique();
    }
}
