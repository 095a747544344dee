using System.Globalization;
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
public sealed class Problem : Record<ProblemState>
{
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
    public string? RootCause { get; set; }
    public string? Workaround { get; set; }
    public string? Fix { get; set; }

    /// <summary>Root cause and workaround are both recorded; kept as a column so the known-error search is indexed.</summary>
    public bool IsKnownError { get; set; }

    public override RecordLifecycle<ProblemState> Lifecycle => ProblemLifecycle.Table;

    public override IReadOnlyDictionary<string, string?> AuditedFields() => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["shortDescription"] = ShortDescription,
        ["description"] = Description,
        ["category"] = Category,
        ["service"] = Service,
        ["configurationItem"] = ConfigurationItem,
        ["impact"] = Impact.ToString(CultureInfo.InvariantCulture),
        ["urgency"] = Urgency.ToString(CultureInfo.InvariantCulture),
        ["priority"] = Priority.ToString(CultureInfo.InvariantCulture),
        ["assignmentGroup"] = AssignmentGroup,
        ["assignedTo"] = AssignedTo,
        ["state"] = State.ToString(),
        ["rootCause"] = RootCause,
        ["workaround"] = Workaround,
        ["fix"] = Fix,
        ["isKnownError"] = IsKnownError ? "true" : "false",
    };
}

internal sealed class ProblemConfiguration : IEntityTypeConfiguration<Problem>
{
    public void Configure(EntityTypeBuilder<Problem> builder)
    {
        builder.MapRecord<Problem, ProblemState>("Problems");
        builder.Property(p => p.RootCause).HasMaxLength(Record.TextLength);
        builder.Property(p => p.Workaround).HasMaxLength(Record.TextLength);
        builder.Property(p => p.Fix).HasMaxLength(Record.TextLength);
        builder.Property(p => p.Category).HasMaxLength(Record.CodeLength);
        builder.Property(p => p.Service).HasMaxLength(Record.CodeLength);
        builder.Property(p => p.ConfigurationItem).HasMaxLength(Record.CodeLength);
        // The list views: a queue (state + group) by priority or age, someone's own; the known-error search by category or CI.
        builder.HasIndex(p => new { p.State, p.AssignmentGroup, p.Priority, p.OpenedAt });
        builder.HasIndex(p => new { p.AssignedTo, p.State });
        builder.HasIndex(p => new { p.State, p.OpenedAt });
        builder.HasIndex(p => new { p.IsKnownError, p.Category });
        builder.HasIndex(p => new { p.IsKnownError, p.ConfigurationItem });
    }
}
