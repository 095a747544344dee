using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Records;

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
public sealed class Problem : PrioritizedRecord<ProblemState>
{
    public string? RootCause { get; set; }
    public string? Workaround { get; set; }
    public string? Fix { get; set; }

    /// <summary>Root cause and workaround are both recorded; kept as a column so the known-error search is indexed.</summary>
    public bool IsKnownError { get; set; }

    public override RecordLifecycle<ProblemState> Lifecycle => ProblemLifecycle.Table;

    protected override void AddAuditedFields(IDictionary<string, string?> fields)
    {
        base.AddAuditedFields(fields);
        fields["rootCause"] = RootCause;
        fields["workaround"] = Workaround;
        fields["fix"] = Fix;
        fields["isKnownError"] = IsKnownError ? "true" : "false";
    }
}

internal sealed class ProblemConfiguration : IEntityTypeConfiguration<Problem>
{
    public void Configure(EntityTypeBuilder<Problem> builder)
    {
        builder.MapPrioritizedRecord<Problem, ProblemState>("Problems");
        builder.Property(p => p.RootCause).HasMaxLength(Record.TextLength);
        builder.Property(p => p.Workaround).HasMaxLength(Record.TextLength);
        builder.Property(p => p.Fix).HasMaxLength(Record.TextLength);
        // The list views: a queue (state + group) by priority or age, someone's own; the known-error search by category or CI.
        builder.HasIndex(p => new { p.State, p.AssignmentGroup, p.Priority, p.OpenedAt });
        builder.HasIndex(p => new { p.AssignedTo, p.State });
        builder.HasIndex(p => new { p.State, p.OpenedAt });
        builder.HasIndex(p => new { p.IsKnownError, p.Category });
        builder.HasIndex(p => new { p.IsKnownError, p.ConfigurationItem });
    }
}
