using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WorkflowItsm.Itsm.Incidents;

public enum IncidentState
{
    New,
    InProgress,
    OnHold,
    Resolved,
    Closed,
    Cancelled,
}

/// <summary>Why an incident waits; awaiting the caller pauses SLA clocks by default.</summary>
public enum OnHoldReason
{
    AwaitingCaller,
    AwaitingVendor,
    AwaitingChange,
}

/// <summary>An unplanned interruption or degradation of a service, numbered INC0001001….</summary>
public sealed class Incident
{
    public const int ShortDescriptionLength = 160;
    public const int DescriptionLength = 4000;
    public const int NameLength = 256;
    public const int CodeLength = 100;

    public long Id { get; set; }
    public required string Number { get; set; }
    public required string ShortDescription { get; set; }
    public string? Description { get; set; }

    /// <summary>User name of the person who reported it (whom the service desk calls back).</summary>
    public required string Caller { get; set; }
    public string? Category { get; set; }
    public string? Subcategory { get; set; }

    /// <summary>Affected business service (a key; the CMDB will give it a record).</summary>
    public string? Service { get; set; }

    /// <summary>Affected configuration item (a key until the CMDB arrives).</summary>
    public string? ConfigurationItem { get; set; }

    /// <summary>1 (high) to 3 (low).</summary>
    public int Impact { get; set; }

    /// <summary>1 (high) to 3 (low).</summary>
    public int Urgency { get; set; }

    /// <summary>1 (critical) to 5 (planning), from the priority matrix.</summary>
    public int Priority { get; set; }
    public string? AssignmentGroup { get; set; }
    public string? AssignedTo { get; set; }
    public IncidentState State { get; set; }
    public OnHoldReason? OnHoldReason { get; set; }
    public string? ResolutionCode { get; set; }
    public string? ResolutionNotes { get; set; }
    public bool IsMajor { get; set; }
    public long? ParentId { get; set; }

    /// <summary>The incident-triage instance that drives it.</summary>
    public string? ProcessInstanceId { get; set; }
    public required string OpenedBy { get; set; }
    public DateTime OpenedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public DateTime? ClosedAt { get; set; }

    /// <summary>Optimistic concurrency: every change increments it; a stale write fails instead of overwriting.</summary>
    public int Revision { get; set; }

    public bool IsOpen => State is not (IncidentState.Resolved or IncidentState.Closed or IncidentState.Cancelled);
}

public enum IncidentNoteKind
{
    /// <summary>Seen by the caller.</summary>
    Comment,

    /// <summary>Staff only.</summary>
    WorkNote,
}

public sealed class IncidentNote
{
    public const int TextLength = 4000;

    public long Id { get; set; }
    public long IncidentId { get; set; }
    public IncidentNoteKind Kind { get; set; }
    public required string Text { get; set; }
    public required string Author { get; set; }
    public DateTime At { get; set; }
}

/// <summary>One field changed on one incident: who, when, from what to what.</summary>
public sealed class IncidentAuditEntry
{
    public long Id { get; set; }
    public long IncidentId { get; set; }

    /// <summary>Set when the entry is written with a new incident (whose id the save assigns).</summary>
    public Incident? Incident { get; set; }
    public required string Field { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    public required string ChangedBy { get; set; }
    public DateTime ChangedAt { get; set; }
}

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> builder)
    {
        builder.ToTable("Incidents");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Number).HasMaxLength(20);
        builder.HasIndex(i => i.Number).IsUnique();
        builder.Property(i => i.ShortDescription).HasMaxLength(Incident.ShortDescriptionLength);
        builder.Property(i => i.Description).HasMaxLength(Incident.DescriptionLength);
        builder.Property(i => i.Caller).HasMaxLength(Incident.NameLength);
        builder.Property(i => i.OpenedBy).HasMaxLength(Incident.NameLength);
        builder.Property(i => i.AssignedTo).HasMaxLength(Incident.NameLength);
        builder.Property(i => i.AssignmentGroup).HasMaxLength(Incident.CodeLength);
        builder.Property(i => i.Category).HasMaxLength(Incident.CodeLength);
        builder.Property(i => i.Subcategory).HasMaxLength(Incident.CodeLength);
        builder.Property(i => i.Service).HasMaxLength(Incident.CodeLength);
        builder.Property(i => i.ConfigurationItem).HasMaxLength(Incident.CodeLength);
        builder.Property(i => i.ResolutionCode).HasMaxLength(Incident.CodeLength);
        builder.Property(i => i.ResolutionNotes).HasMaxLength(Incident.DescriptionLength);
        builder.Property(i => i.ProcessInstanceId).HasMaxLength(64);
        builder.Property(i => i.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.OnHoldReason).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Revision).IsConcurrencyToken();
        builder.HasOne<Incident>().WithMany().HasForeignKey(i => i.ParentId).OnDelete(DeleteBehavior.Restrict);
        // The list views: a group's queue by priority, someone's own by priority, all open by age, a caller's, a CI's,
        // a category's, a category in a state by last update. Each ends with the sort and the id, so that a page is
        // found in the index alone (IncidentQueries reads the page's ids first) and only its rows are read.
        builder.HasIndex(i => new { i.State, i.AssignmentGroup, i.Priority, i.OpenedAt, i.Id });
        builder.HasIndex(i => new { i.AssignedTo, i.State, i.Priority, i.OpenedAt, i.Id });
        builder.HasIndex(i => new { i.Caller, i.OpenedAt, i.Id });
        builder.HasIndex(i => new { i.State, i.OpenedAt, i.Id });
        builder.HasIndex(i => new { i.ConfigurationItem, i.OpenedAt, i.Id });
        builder.HasIndex(i => new { i.Category, i.OpenedAt, i.Id });
        builder.HasIndex(i => new { i.Category, i.State, i.UpdatedAt, i.Id });
        builder.HasIndex(i => i.ProcessInstanceId);
        // The service-level report: incidents opened in a period (with what time to resolve needs, read from the index
        // alone) and resolved in a period.
        builder.HasIndex(i => new { i.OpenedAt, i.Priority, i.ResolvedAt });
        builder.HasIndex(i => i.ResolvedAt);
    }
}

internal sealed class IncidentNoteConfiguration : IEntityTypeConfiguration<IncidentNote>
{
    public void Configure(EntityTypeBuilder<IncidentNote> builder)
    {
        builder.ToTable("IncidentNotes");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(n => n.Text).HasMaxLength(IncidentNote.TextLength);
        builder.Property(n => n.Author).HasMaxLength(Incident.NameLength);
        builder.HasOne<Incident>().WithMany().HasForeignKey(n => n.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(n => new { n.IncidentId, n.At });
    }
}

internal sealed class IncidentAuditEntryConfiguration : IEntityTypeConfiguration<IncidentAuditEntry>
{
    public void Configure(EntityTypeBuilder<IncidentAuditEntry> builder)
    {
        builder.ToTable("IncidentAudit");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Field).HasMaxLength(60);
        builder.Property(a => a.OldValue).HasMaxLength(Incident.DescriptionLength);
        builder.Property(a => a.NewValue).HasMaxLength(Incident.DescriptionLength);
        builder.Property(a => a.ChangedBy).HasMaxLength(Incident.NameLength);
        builder.HasOne(a => a.Incident).WithMany().HasForeignKey(a => a.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.IncidentId, a.ChangedAt });
    }
}
