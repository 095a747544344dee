using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Escalations;

/// <summary>Who is asked first (primary) and who backs them up (secondary).</summary>
public enum OnCallLayerKind
{
    Primary = 1,
    Secondary = 2,
}

/// <summary>How long one person's shift lasts: a day, a week, or a custom number of days.</summary>
public enum RotationKind
{
    Daily,
    Weekly,
    Custom,
}

/// <summary>When a layer answers at all (in the schedule's time zone).</summary>
public enum OnCallRestriction
{
    Always,

    /// <summary>Monday to Friday, <see cref="OnCallRotation.BusinessStart"/> to <see cref="OnCallRotation.BusinessEnd"/>.</summary>
    BusinessHours,

    /// <summary>Everything outside business hours: weeknights and the whole weekend.</summary>
    NightsAndWeekends,
}

/// <summary>
/// A group's on-call rota: one rotation per layer, in the schedule's IANA time zone (handoffs follow the wall clock,
/// so a 09:00 handoff stays 09:00 across a DST change), and overrides where a person covers a span.
/// </summary>
public sealed class OnCallSchedule
{
    public const int NameLength = 200;
    public const int TimeZoneLength = 64;

    public int Id { get; set; }
    public required string GroupKey { get; set; }
    public required string Name { get; set; }
    public required string TimeZone { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<OnCallLayer> Layers { get; set; } = [];
    public List<OnCallOverride> Overrides { get; set; } = [];
}

/// <summary>One layer's rotation: its members take turns, each for one shift, starting on <see cref="StartDate"/>.</summary>
public sealed class OnCallLayer
{
    public int Id { get; set; }
    public int ScheduleId { get; set; }
    public OnCallLayerKind Kind { get; set; }
    public RotationKind Rotation { get; set; }

    /// <summary>The shift's length in days (1 daily, 7 weekly, any for custom).</summary>
    public int ShiftDays { get; set; }

    /// <summary>The local time a shift ends and the next person takes over.</summary>
    public TimeOnly HandoffTime { get; set; }

    /// <summary>The first shift's day (for a weekly rotation, aligned to its handoff weekday).</summary>
    public DateOnly StartDate { get; set; }
    public OnCallRestriction Restriction { get; set; }

    /// <summary>The user names in rotation order, comma-separated.</summary>
    public required string Members { get; set; }

    public IReadOnlyList<string> MemberList => Members.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>A person covering one layer of the schedule from <see cref="StartsAt"/> to <see cref="EndsAt"/> (UTC); it wins over the rotation.</summary>
public sealed class OnCallOverride
{
    public int Id { get; set; }
    public int ScheduleId { get; set; }
    public OnCallLayerKind Layer { get; set; }
    public required string UserName { get; set; }
    public DateTime StartsAt { get; set; }
    public DateTime EndsAt { get; set; }
    public string? Reason { get; set; }
    public string? CreatedBy { get; set; }
}

internal sealed class OnCallScheduleConfiguration : IEntityTypeConfiguration<OnCallSchedule>
{
    public void Configure(EntityTypeBuilder<OnCallSchedule> builder)
    {
        builder.ToTable("OnCallSchedules");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.GroupKey).HasMaxLength(DirectoryGroup.KeyLength);
        builder.Property(s => s.Name).HasMaxLength(OnCallSchedule.NameLength);
        builder.Property(s => s.TimeZone).HasMaxLength(OnCallSchedule.TimeZoneLength);
        builder.Property(s => s.CreatedBy).HasMaxLength(Record.NameLength);
        builder.HasMany(s => s.Layers).WithOne().HasForeignKey(l => l.ScheduleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Overrides).WithOne().HasForeignKey(o => o.ScheduleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<DirectoryGroup>().WithMany().HasForeignKey(s => s.GroupKey).OnDelete(DeleteBehavior.Cascade);
        // "Who is on call for this group" reads the group's schedules.
        builder.HasIndex(s => s.GroupKey);
    }
}

internal sealed class OnCallLayerConfiguration : IEntityTypeConfiguration<OnCallLayer>
{
    public void Configure(EntityTypeBuilder<OnCallLayer> builder)
    {
        builder.ToTable("OnCallLayers");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.Rotation).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.Restriction).HasConversion<string>().HasMaxLength(30);
        builder.Property(l => l.Members).HasMaxLength(Record.TextLength);
        builder.Ignore(l => l.MemberList);
        builder.HasIndex(l => new { l.ScheduleId, l.Kind }).IsUnique();
    }
}

internal sealed class OnCallOverrideConfiguration : IEntityTypeConfiguration<OnCallOverride>
{
    public void Configure(EntityTypeBuilder<OnCallOverride> builder)
    {
        builder.ToTable("OnCallOverrides");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Layer).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.UserName).HasMaxLength(Record.NameLength);
        builder.Property(o => o.Reason).HasMaxLength(Record.TextLength);
        builder.Property(o => o.CreatedBy).HasMaxLength(Record.NameLength);
        builder.HasIndex(o => new { o.ScheduleId, o.StartsAt });
    }
}
