using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Incidents;

namespace WorkflowItsm.Itsm.Problems;

public enum ProblemState
{
    New,
    Assessed,
    RootCauseAnalysis,
    FixInProgress,
    Resolved,
    Closed,
    Cancelled,
}

/// <summary>
/// The unknown cause of one or more incidents, numbered PRB0001001…. Once its root cause and a workaround are
/// recorded it is a known error (ITIL): agents find it from the incident form and offer the workaround.
/// </summary>
public sealed class Problem
{
    public const int ShortDescriptionLength = Incident.ShortDescriptionLength;
    public const int TextLength = Incident.DescriptionLength;
    public const int NameLength = Incident.NameLength;
    public const int CodeLength = Incident.CodeLength;

    public long Id { get; set; }
    public required string Number { get; set; }
    public required string ShortDescription { get; set; }
    public string? Description { get; set; }
    public ProblemState State { get; set; }
    public string? Category { get; set; }

    /// <summary>Affected business service (a key until the CMDB arrives).</summary>
    public string? Service { get; set; }

    /// <summary>Affected configuration item (a key until the CMDB arrives).</summary>
    public string? ConfigurationItem { get; set; }

    /// <summary>1 (high) to 3 (low).</summary>
    public int Impact { get; set; }

    /// <summary>1 (high) to 3 (low).</summary>
    public int Urgency { get; set; }

    /// <summary>1 (critical) to 5 (planning), from the priority matrix incidents use.</summary>
    public int Priority { get; set; }
    public string? AssignmentGroup { get; set; }
    public string? AssignedTo { get; set; }
    public string? RootCause { get; set; }
    public string? Workaround { get; set; }
    public string? Fix { get; set; }

    /// <summary>Root cause and workaround are both recorded; kept as a column so the known-error search is indexed.</summary>
    public bool IsKnownError { get; set; }

    /// <summary>The problem workflow instance that drives it.</summary>
    public string? ProcessInstanceId { get; set; }
    public required string OpenedBy { get; set; }
    public DateTime OpenedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public DateTime? ClosedAt { get; set; }

    /// <summary>Optimistic concurrency: every change increments it; a stale write fails instead of overwriting.</summary>
    public int Revision { get; set; }

    public bool IsOpen => ProblemLifecycle.IsOpen(State);
}

/// <summary>An incident caused by the problem (many incidents per problem).</summary>
public sealed class ProblemIncidentLink
{
    public long ProblemId { get; set; }

    /// <summary>Set when the link is written with a new problem (whose id the save assigns).</summary>
    public Problem? Problem { get; set; }
    public long IncidentId { get; set; }
    public required string LinkedBy { get; set; }
    public DateTime LinkedAt { get; set; }
}

/// <summary>One field changed on one problem: who, when, from what to what (links appear as field "incident").</summary>
public sealed class ProblemAuditEntry
{
    public long Id { get; set; }
    public long ProblemId { get; set; }

    /// <summary>Set when the entry is written with a new problem (whose id the save assigns).</summary>
    public Problem? Problem { get; set; }
    public required string Field { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    public required string ChangedBy { get; set; }
    public DateTime ChangedAt { get; set; }
}

internal sealed class ProblemConfiguration : IEntityTypeConfiguration<Problem>
{
    public void Configure(EntityTypeBuilder<Problem> builder)
    {
        builder.ToTable("Problems");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Number).HasMaxLength(20);
        builder.HasIndex(p => p.Number).IsUnique();
        builder.Property(p => p.ShortDescription).HasMaxLength(Problem.ShortDescriptionLength);
        builder.Property(p => p.Description).HasMaxLength(Problem.TextLength);
        builder.Property(p => p.RootCause).HasMaxLength(Problem.TextLength);
        builder.Property(p => p.Workaround).HasMaxLength(Problem.TextLength);
        builder.Property(p => p.Fix).HasMaxLength(Problem.TextLength);
        builder.Property(p => p.OpenedBy).HasMaxLength(Problem.NameLength);
        builder.Property(p => p.AssignedTo).HasMaxLength(Problem.NameLength);
        builder.Property(p => p.AssignmentGroup).HasMaxLength(Problem.CodeLength);
        builder.Property(p => p.Category).HasMaxLength(Problem.CodeLength);
        builder.Property(p => p.Service).HasMaxLength(Problem.CodeLength);
        builder.Property(p => p.ConfigurationItem).HasMaxLength(Problem.CodeLength);
        builder.Property(p => p.ProcessInstanceId).HasMaxLength(64);
        builder.Property(p => p.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Revision).IsConcurrencyToken();
        // The list views: a queue (state + group) by priority or age, someone's own; the known-error search by category or CI.
        builder.HasIndex(p => new { p.State, p.AssignmentGroup, p.Priority, p.OpenedAt });
        builder.HasIndex(p => new { p.AssignedTo, p.State });
        builder.HasIndex(p => new { p.State, p.OpenedAt });
        builder.HasIndex(p => new { p.IsKnownError, p.Category });
        builder.HasIndex(p => new { p.IsKnownError, p.ConfigurationItem });
        builder.HasIndex(p => p.ProcessInstanceId);
    }
}

internal sealed class ProblemIncidentLinkConfiguration : IEntityTypeConfiguration<ProblemIncidentLink>
{
    public void Configure(EntityTypeBuilder<ProblemIncidentLink> builder)
    {
        builder.ToTable("ProblemIncidents");
        builder.HasKey(l => new { l.ProblemId, l.IncidentId });
        builder.Property(l => l.LinkedBy).HasMaxLength(Problem.NameLength);
        builder.HasOne(l => l.Problem).WithMany().HasForeignKey(l => l.ProblemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Incident>().WithMany().HasForeignKey(l => l.IncidentId).OnDelete(DeleteBehavior.Restrict);
        // "Which problem is this incident linked to" (the incident form, recurring-incident detection).
        builder.HasIndex(l => l.IncidentId);
    }
}

internal sealed class ProblemAuditEntryConfiguration : IEntityTypeConfiguration<ProblemAuditEntry>
{
    public void Configure(EntityTypeBuilder<ProblemAuditEntry> builder)
    {
        builder.ToTable("ProblemAudit");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Field).HasMaxLength(60);
        builder.Property(a => a.OldValue).HasMaxLength(Problem.TextLength);
        builder.Property(a => a.NewValue).HasMaxLength(Problem.TextLength);
        builder.Property(a => a.ChangedBy).HasMaxLength(Problem.NameLength);
        builder.HasOne(a => a.Problem).WithMany().HasForeignKey(a => a.ProblemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.ProblemId, a.ChangedAt });
    }
}
