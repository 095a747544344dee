using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Incidents;

namespace WorkflowItsm.Itsm.ServiceLevels;

/// <summary>A business-hours calendar as stored: its weekly hours and holidays as JSON (read whole, never queried inside).</summary>
public sealed class BusinessCalendarRecord
{
    public const int KeyLength = 60;

    public required string Key { get; set; }
    public required string Name { get; set; }

    /// <summary>IANA time zone id, e.g. Europe/Berlin.</summary>
    public required string TimeZoneId { get; set; }

    /// <summary>JSON array of {day, start, end} ("Monday", "08:00", "18:00"; end "00:00" = midnight).</summary>
    public required string HoursJson { get; set; }

    /// <summary>JSON array of {date, name}.</summary>
    public required string HolidaysJson { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }

    /// <summary>Optimistic concurrency; also part of the cache key of the parsed calendar.</summary>
    public int Revision { get; set; }
}

public enum SlaKind
{
    /// <summary>Until someone takes the incident on (it leaves New, or gets an assignee).</summary>
    Response,

    /// <summary>Until the incident is resolved.</summary>
    Resolution,
}

/// <summary>
/// A promise: which incidents it covers (conditions left empty match any), its target in business time on a
/// calendar, the on-hold reasons that pause it, when to warn, and (on breach) the escalation process.
/// </summary>
public sealed class SlaDefinition
{
    public const int NameLength = 200;

    public int Id { get; set; }
    public required string Name { get; set; }
    public SlaKind Kind { get; set; }

    /// <summary>Comma-separated priorities it covers ("1,2"); empty: any.</summary>
    public string? Priorities { get; set; }
    public string? Service { get; set; }
    public string? AssignmentGroup { get; set; }
    public string? Category { get; set; }

    /// <summary>Business time to meet it, in seconds (a column every database stores alike).</summary>
    public long TargetSeconds { get; set; }
    public required string CalendarKey { get; set; }

    /// <summary>Comma-separated on-hold reasons that pause the clock ("AwaitingCaller").</summary>
    public string? PauseOnHoldReasons { get; set; }

    /// <summary>Comma-separated percentages of the target at which to warn ("50,75").</summary>
    public string? WarningPercents { get; set; }

    /// <summary>Process started at breach (its key); empty: none.</summary>
    public string? BreachProcessKey { get; set; }

    /// <summary>
    /// A response target only: a functional escalation (the incident handed to another group) starts a new response
    /// clock, which runs until someone of the new group takes it on.
    /// </summary>
    public bool RestartOnReassignment { get; set; }

    /// <summary>Among several that match, the lowest order wins (per kind).</summary>
    public int Order { get; set; }
    public bool IsActive { get; set; } = true;

    public TimeSpan Target => TimeSpan.FromSeconds(TargetSeconds);

    public bool Covers(Incident incident) =>
        IsActive
        && (string.IsNullOrWhiteSpace(Priorities) || SplitList(Priorities).Contains(incident.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        && Matches(Service, incident.Service) && Matches(AssignmentGroup, incident.AssignmentGroup) && Matches(Category, incident.Category);

    public bool PausesOn(OnHoldReason? reason) => reason is { } r && SplitList(PauseOnHoldReasons).Contains(r.ToString(), StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<int> Warnings => [.. SplitList(WarningPercents).Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).Where(p => p is > 0 and < 100).Order()];

    public static string[] SplitList(string? list) =>
        string.IsNullOrWhiteSpace(list) ? [] : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool Matches(string? condition, string? value) =>
        string.IsNullOrWhiteSpace(condition) || string.Equals(condition, value, StringComparison.OrdinalIgnoreCase);
}

public enum SlaClockState
{
    Running,
    Paused,

    /// <summary>Stopped: the incident was responded to / resolved (met or not: see <see cref="SlaClock.BreachedAt"/>).</summary>
    Stopped,

    /// <summary>Replaced (the incident no longer falls under its definition) or the incident was cancelled.</summary>
    Cancelled,
}

/// <summary>
/// One SLA's clock on one incident. Business time elapsed is <see cref="ElapsedSeconds"/> (up to
/// <see cref="RunningSince"/>) plus the calendar's business time since then while running; so pausing, resuming and
/// changing calendars only fold the running part in, and a recalculated clock keeps the time already spent.
/// </summary>
public sealed class SlaClock
{
    /// <summary>Made by the application, so its check job can be planned in the transaction that creates it.</summary>
    public Guid Id { get; set; }
    public long IncidentId { get; set; }

    /// <summary>Set when the clock starts with a new incident (whose id the save assigns).</summary>
    public Incident? Incident { get; set; }
    public int DefinitionId { get; set; }
    public SlaKind Kind { get; set; }
    public required string Name { get; set; }
    public long TargetSeconds { get; set; }
    public required string CalendarKey { get; set; }
    public SlaClockState State { get; set; }

    /// <summary>Business seconds counted before <see cref="RunningSince"/> (all of it when not running).</summary>
    public double ElapsedSeconds { get; set; }
    public DateTime? RunningSince { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? StoppedAt { get; set; }

    /// <summary>When the target is reached if it keeps running (null while paused or stopped).</summary>
    public DateTime? DueAt { get; set; }

    /// <summary>The next warning or the breach: when its check job must run (null when nothing is pending).</summary>
    public DateTime? NextCheckAt { get; set; }
    public DateTime? BreachedAt { get; set; }

    /// <summary>
    /// Set on a response clock restarted by a reassignment (<see cref="SlaDefinition.RestartOnReassignment"/>): the
    /// incident is past New already, so only an assignee answers it.
    /// </summary>
    public DateTime? RestartedAt { get; set; }

    /// <summary>Comma-separated percentages already warned about.</summary>
    public string? WarningsSent { get; set; }
    public int Revision { get; set; }

    public TimeSpan Target => TimeSpan.FromSeconds(TargetSeconds);

    public bool IsActive => State is SlaClockState.Running or SlaClockState.Paused;
}

/// <summary>A point on a clock's timeline: started, paused, resumed, warned, breached, stopped, recalculated.</summary>
public sealed class SlaClockEvent
{
    public long Id { get; set; }
    public Guid ClockId { get; set; }
    public SlaClock? Clock { get; set; }
    public required string Kind { get; set; }
    public DateTime At { get; set; }
    public double ElapsedSeconds { get; set; }
    public string? Detail { get; set; }
}

internal sealed class BusinessCalendarRecordConfiguration : IEntityTypeConfiguration<BusinessCalendarRecord>
{
    public void Configure(EntityTypeBuilder<BusinessCalendarRecord> builder)
    {
        builder.ToTable("BusinessCalendars");
        builder.HasKey(c => c.Key);
        builder.Property(c => c.Key).HasMaxLength(BusinessCalendarRecord.KeyLength);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.TimeZoneId).HasMaxLength(100);
        builder.Property(c => c.UpdatedBy).HasMaxLength(Incident.NameLength);
        builder.Property(c => c.Revision).IsConcurrencyToken();
        builder.HasData(BusinessCalendars.Seed);
    }
}

internal sealed class SlaDefinitionConfiguration : IEntityTypeConfiguration<SlaDefinition>
{
    public void Configure(EntityTypeBuilder<SlaDefinition> builder)
    {
        builder.ToTable("SlaDefinitions");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Name).HasMaxLength(SlaDefinition.NameLength);
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.Priorities).HasMaxLength(20);
        builder.Property(d => d.Service).HasMaxLength(Incident.CodeLength);
        builder.Property(d => d.AssignmentGroup).HasMaxLength(Incident.CodeLength);
        builder.Property(d => d.Category).HasMaxLength(Incident.CodeLength);
        builder.Property(d => d.CalendarKey).HasMaxLength(BusinessCalendarRecord.KeyLength);
        builder.Property(d => d.PauseOnHoldReasons).HasMaxLength(200);
        builder.Property(d => d.WarningPercents).HasMaxLength(100);
        builder.Property(d => d.BreachProcessKey).HasMaxLength(200);
        builder.HasOne<BusinessCalendarRecord>().WithMany().HasForeignKey(d => d.CalendarKey).OnDelete(DeleteBehavior.Restrict);
        builder.HasData(SlaDefinitions.Seed);
    }
}

internal sealed class SlaClockConfiguration : IEntityTypeConfiguration<SlaClock>
{
    public void Configure(EntityTypeBuilder<SlaClock> builder)
    {
        builder.ToTable("SlaClocks");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.CalendarKey).HasMaxLength(BusinessCalendarRecord.KeyLength);
        builder.Property(c => c.WarningsSent).HasMaxLength(100);
        builder.Property(c => c.Revision).IsConcurrencyToken();
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.HasOne(c => c.Incident).WithMany().HasForeignKey(c => c.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<SlaDefinition>().WithMany().HasForeignKey(c => c.DefinitionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => new { c.IncidentId, c.State });
        // The reconciliation job's question: running clocks whose check is overdue; and a calendar's open clocks.
        builder.HasIndex(c => new { c.State, c.NextCheckAt });
        builder.HasIndex(c => new { c.CalendarKey, c.State });
    }
}

internal sealed class SlaClockEventConfiguration : IEntityTypeConfiguration<SlaClockEvent>
{
    public void Configure(EntityTypeBuilder<SlaClockEvent> builder)
    {
        builder.ToTable("SlaClockEvents");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Kind).HasMaxLength(20);
        builder.Property(e => e.Detail).HasMaxLength(400);
        builder.HasOne(e => e.Clock).WithMany().HasForeignKey(e => e.ClockId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.ClockId, e.At });
    }
}
