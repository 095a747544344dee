using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Calendars;

/// <summary>A maintenance window is when work on its CIs is welcome; a blackout window is when none may happen.</summary>
public enum ChangeWindowKind
{
    Maintenance,
    Blackout,
}

/// <summary>
/// A maintenance or blackout window on configuration items and services (a service covers every CI it depends on),
/// or on everything. One-off (<see cref="Start"/> to <see cref="End"/>, UTC) or, for maintenance, weekly: on
/// <see cref="Days"/> from <see cref="StartTime"/> for <see cref="DurationMinutes"/>, read in <see cref="TimeZone"/>,
/// so "Sun 22:00 for 4 hours" crosses midnight and follows daylight saving.
/// </summary>
public sealed class ChangeWindow
{
    public const int NameLength = 200;
    public const int EnvironmentLength = 50;

    public long Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public ChangeWindowKind Kind { get; set; }

    /// <summary>Applies to every CI (a company-wide blackout); then <see cref="Targets"/> is empty.</summary>
    public bool AppliesToAll { get; set; }

    /// <summary>
    /// A release environment (production, staging…) the window is for: a maintenance window is when releases may be
    /// deployed there, a blackout when none may. Null for windows on CIs only.
    /// </summary>
    public string? Environment { get; set; }

    public DateTime? Start { get; set; }
    public DateTime? End { get; set; }

    /// <summary>Weekly: the days it opens on; none for a one-off window.</summary>
    public WeekDays Days { get; set; }
    public TimeOnly? StartTime { get; set; }
    public int? DurationMinutes { get; set; }
    public string TimeZone { get; set; } = "UTC";

    public bool IsRecurring => Days != WeekDays.None;

    public List<ChangeWindowTarget> Targets { get; set; } = [];

    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>The stretches the window is open that meet [<paramref name="from"/>, <paramref name="to"/>), in UTC, earliest first.</summary>
    public IEnumerable<(DateTime Start, DateTime End)> Occurrences(DateTime from, DateTime to)
    {
        if (!IsRecurring)
        {
            if (Start is { } start && End is { } end && start < to && end > from)
            {
                yield return (start, end);
            }

            yield break;
        }

        var zone = ZoneOrUtc(TimeZone);
        var duration = TimeSpan.FromMinutes(DurationMinutes ?? 0);
        var firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(from, zone)).AddDays(-1 - (int)Math.Ceiling(duration.TotalDays));
        var lastDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(to, zone));
        for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
        {
            if (!Days.HasFlag(WeekDaysOf(day.DayOfWeek)))
            {
                continue;
            }

            var local = day.ToDateTime(StartTime ?? TimeOnly.MinValue, DateTimeKind.Unspecified);
            var start = zone.IsInvalidTime(local) ? TimeZoneInfo.ConvertTimeToUtc(local.AddHours(1), zone) : TimeZoneInfo.ConvertTimeToUtc(local, zone);
            var end = start + duration;
            if (start < to && end > from)
            {
                yield return (start, end);
            }
        }
    }

    public static WeekDays WeekDaysOf(DayOfWeek day) => (WeekDays)(1 << (int)day);

    internal static TimeZoneInfo ZoneOrUtc(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}

[Flags]
public enum WeekDays
{
    None = 0,
    Sunday = 1,
    Monday = 2,
    Tuesday = 4,
    Wednesday = 8,
    Thursday = 16,
    Friday = 32,
    Saturday = 64,
}

/// <summary>One CI or service (by number) a window applies to.</summary>
public sealed class ChangeWindowTarget
{
    public long Id { get; set; }
    public long WindowId { get; set; }
    public required string CiNumber { get; set; }
}

internal sealed class ChangeWindowConfiguration : IEntityTypeConfiguration<ChangeWindow>
{
    public void Configure(EntityTypeBuilder<ChangeWindow> builder)
    {
        builder.ToTable("ChangeWindows");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Name).HasMaxLength(ChangeWindow.NameLength);
        builder.Property(w => w.Description).HasMaxLength(Record.TextLength);
        builder.Property(w => w.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(w => w.TimeZone).HasMaxLength(100);
        builder.Property(w => w.Environment).HasMaxLength(ChangeWindow.EnvironmentLength);
        builder.Property(w => w.CreatedBy).HasMaxLength(Record.NameLength);
        builder.Ignore(w => w.IsRecurring);
        builder.HasMany(w => w.Targets).WithOne().HasForeignKey(t => t.WindowId).OnDelete(DeleteBehavior.Cascade);
        // The calendar and the conflict check ask for the windows of a range.
        builder.HasIndex(w => new { w.Kind, w.Start, w.End });
    }
}

internal sealed class ChangeWindowTargetConfiguration : IEntityTypeConfiguration<ChangeWindowTarget>
{
    public void Configure(EntityTypeBuilder<ChangeWindowTarget> builder)
    {
        builder.ToTable("ChangeWindowTargets");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.CiNumber).HasMaxLength(Record.CodeLength);
        builder.HasIndex(t => new { t.WindowId, t.CiNumber }).IsUnique();
        builder.HasIndex(t => t.CiNumber);
    }
}
