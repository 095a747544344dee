using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Changes;

/// <summary>Standard: pre-approved from a template; normal: assessed and authorized; emergency: authorized at once by the ECAB.</summary>
public enum ChangeType
{
    Normal,
    Standard,
    Emergency,
}

/// <summary>ServiceNow's change states; see <see cref="ChangeLifecycle"/> for the moves each type allows.</summary>
public enum ChangeState
{
    New,
    Assess,
    Authorize,
    Scheduled,
    Implement,
    Review,
    Closed,
    Cancelled,
}

/// <summary>The risk the change carries, lowest first; the highest of conditions, questionnaire and success score wins.</summary>
public enum ChangeRisk
{
    Low,
    Moderate,
    High,
    VeryHigh,
}

/// <summary>How the implementation went, given at close.</summary>
public enum ChangeCloseCode
{
    Successful,
    SuccessfulWithIssues,
    Unsuccessful,
}

/// <summary>
/// A change to a service or configuration item, numbered CHG0001001…: what, why, how (implementation, back-out and
/// test plans), when (planned and actual windows), on what (affected CIs; services follow from them through the
/// CMDB), how risky and how it went. Its workflow (change-normal / -standard / -emergency) walks it through assessment,
/// authorization, scheduling, implementation and review.
/// </summary>
public sealed class Change : PrioritizedRecord<ChangeState>
{
    public const int PlanLength = Record.TextLength;

    public ChangeType Type { get; set; }

    /// <summary>Why the change is needed (the business reason).</summary>
    public string? Reason { get; set; }

    public string? ImplementationPlan { get; set; }
    public string? BackoutPlan { get; set; }
    public string? TestPlan { get; set; }

    public DateTime? PlannedStart { get; set; }
    public DateTime? PlannedEnd { get; set; }
    public DateTime? ActualStart { get; set; }
    public DateTime? ActualEnd { get; set; }

    public ChangeRisk Risk { get; set; }

    /// <summary>Why the risk is what it is (which condition, questionnaire score or success score decided it), in words.</summary>
    public string? RiskReason { get; set; }

    public ChangeCloseCode? CloseCode { get; set; }
    public string? CloseNotes { get; set; }

    /// <summary>The standard-change template (and its version) the change was made from; null for other changes.</summary>
    public long? TemplateId { get; set; }
    public int? TemplateVersion { get; set; }

    /// <summary>
    /// Put on hold (by a change freeze or by hand): its work waits, its state is kept. <see cref="HeldByFreezeId"/> says
    /// which freeze holds it, so cancelling that freeze releases only what it held.
    /// </summary>
    public bool OnHold { get; set; }
    public string? HoldReason { get; set; }
    public long? HeldByFreezeId { get; set; }

    /// <summary>The configuration items the change touches (CI numbers); the record's <see cref="PrioritizedRecord{TState}.ConfigurationItem"/> is the main one.</summary>
    public List<ChangeAffectedCi> AffectedCis { get; set; } = [];

    public override RecordLifecycle<ChangeState> Lifecycle => ChangeLifecycle.For(Type);

    protected override void AddAuditedFields(IDictionary<string, string?> fields)
    {
        base.AddAuditedFields(fields);
        fields["type"] = Type.ToString();
        fields["reason"] = Reason;
        fields["implementationPlan"] = ImplementationPlan;
        fields["backoutPlan"] = BackoutPlan;
        fields["testPlan"] = TestPlan;
        fields["plannedStart"] = Audited(PlannedStart);
        fields["plannedEnd"] = Audited(PlannedEnd);
        fields["actualStart"] = Audited(ActualStart);
        fields["actualEnd"] = Audited(ActualEnd);
        fields["risk"] = Risk.ToString();
        fields["closeCode"] = CloseCode?.ToString();
        fields["closeNotes"] = CloseNotes;
        fields["templateId"] = TemplateId?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        fields["templateVersion"] = TemplateVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        fields["onHold"] = OnHold ? "true" : "false";
        fields["affectedCis"] = AffectedCis.Count == 0 ? null : string.Join(", ", AffectedCis.Select(c => c.CiNumber).Order(StringComparer.Ordinal));
    }

    private static string? Audited(DateTime? moment) => moment?.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>One configuration item a change touches.</summary>
public sealed class ChangeAffectedCi
{
    public long Id { get; set; }
    public long ChangeId { get; set; }
    public required string CiNumber { get; set; }
}

internal sealed class ChangeConfiguration : IEntityTypeConfiguration<Change>
{
    public void Configure(EntityTypeBuilder<Change> builder)
    {
        builder.MapPrioritizedRecord<Change, ChangeState>("Changes");
        builder.Property(c => c.Type).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Risk).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.CloseCode).HasConversion<string>().HasMaxLength(30);
        builder.Property(c => c.Reason).HasMaxLength(Record.TextLength);
        builder.Property(c => c.ImplementationPlan).HasMaxLength(Change.PlanLength);
        builder.Property(c => c.BackoutPlan).HasMaxLength(Change.PlanLength);
        builder.Property(c => c.TestPlan).HasMaxLength(Change.PlanLength);
        builder.Property(c => c.RiskReason).HasMaxLength(Record.TextLength);
        builder.Property(c => c.CloseNotes).HasMaxLength(Record.TextLength);
        builder.Property(c => c.HoldReason).HasMaxLength(Record.TextLength);
        builder.HasMany(c => c.AffectedCis).WithOne().HasForeignKey(a => a.ChangeId).OnDelete(DeleteBehavior.Cascade);
        // The lists (a queue by state and group, someone's own) and the calendar and conflict check (what is planned in a window).
        builder.HasIndex(c => new { c.State, c.AssignmentGroup, c.PlannedStart });
        builder.HasIndex(c => new { c.AssignedTo, c.PlannedStart });
        builder.HasIndex(c => new { c.PlannedStart, c.PlannedEnd });
        builder.HasIndex(c => c.HeldByFreezeId);
    }
}

internal sealed class ChangeAffectedCiConfiguration : IEntityTypeConfiguration<ChangeAffectedCi>
{
    public void Configure(EntityTypeBuilder<ChangeAffectedCi> builder)
    {
        builder.ToTable("ChangeAffectedCis");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.CiNumber).HasMaxLength(Record.CodeLength);
        builder.HasIndex(a => new { a.ChangeId, a.CiNumber }).IsUnique();
        // The conflict check asks "which changes touch this CI".
        builder.HasIndex(a => a.CiNumber);
    }
}
