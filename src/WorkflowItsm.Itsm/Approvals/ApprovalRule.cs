using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Approvals;

/// <summary>When an approval is granted: the first approval (anyone), every approver (all), N approvals, or P % of the approvers.</summary>
public enum ApprovalPolicy
{
    Anyone,
    All,
    Count,
    Percent,
}

/// <summary>When an approval is refused: after N rejections (1: any one), or once P % of the approvers rejected.</summary>
public enum RejectionPolicy
{
    Count,
    Percent,
}

/// <summary>The unit of an approval's due period, counted on the rule's business calendar.</summary>
public enum DueUnit
{
    BusinessHours,
    BusinessDays,
}

/// <summary>What happens when nobody decided by the due date.</summary>
public enum DueAction
{
    None,
    AutoApprove,
    AutoReject,

    /// <summary>The escalation target (a person, or any one member of a group) becomes the only approver and decides alone.</summary>
    Escalate,
}

/// <summary>
/// Admin data: who approves records of one kind (by number prefix, CHG) under one condition (a key=value the
/// record's workflow passes, e.g. risk=High), by which policy, and what happens at the due date. Workflows name a
/// rule by its <see cref="Key"/> (<c>approvalRule = "change-cab"</c>); several rules may share a key with different
/// conditions: the first match in <see cref="Order"/> wins, a rule without a condition matches anything.
/// </summary>
public sealed class ApprovalRule
{
    public const int KeyLength = 100;
    public const int ListLength = 1000;

    public int Id { get; set; }
    public required string Key { get; set; }
    public required string Name { get; set; }

    /// <summary>The prefix of the records the rule approves (CHG, REQ, REL...).</summary>
    public required string RecordKind { get; set; }

    /// <summary>A condition's variable (risk, type...); null: the rule applies whatever the variables.</summary>
    public string? ConditionKey { get; set; }

    /// <summary>The value the variable must have (compared without regard to case).</summary>
    public string? ConditionValue { get; set; }

    public int Order { get; set; }

    public ApprovalPolicy Policy { get; set; }

    /// <summary>N for <see cref="ApprovalPolicy.Count"/>, P for <see cref="ApprovalPolicy.Percent"/>; unused otherwise.</summary>
    public int? PolicyValue { get; set; }

    public RejectionPolicy Rejection { get; set; }

    /// <summary>N rejections (<see cref="RejectionPolicy.Count"/>) or P % (<see cref="RejectionPolicy.Percent"/>).</summary>
    public int RejectionValue { get; set; } = 1;

    /// <summary>Comma-separated user names.</summary>
    public string? ApproverPeople { get; set; }

    /// <summary>Comma-separated directory group keys: every member approves.</summary>
    public string? ApproverGroups { get; set; }

    /// <summary>The change advisory board: a directory group whose members approve.</summary>
    public string? CabGroup { get; set; }

    /// <summary>
    /// The requester's manager approves. The directory has no manager field, so the record's workflow passes the
    /// manager's user name in the variable <c>requesterManager</c>.
    /// </summary>
    public bool RequesterManager { get; set; }

    public int? DuePeriod { get; set; }

    public DueUnit DueUnit { get; set; }

    /// <summary>The business calendar the due period is counted on.</summary>
    public string CalendarKey { get; set; } = ServiceLevels.BusinessCalendars.BusinessHours;

    public DueAction DueAction { get; set; }

    /// <summary>A user name or a group key, for <see cref="DueAction.Escalate"/>.</summary>
    public string? EscalateTo { get; set; }

    public bool IsActive { get; set; } = true;

    public int Revision { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

internal sealed class ApprovalRuleConfiguration : IEntityTypeConfiguration<ApprovalRule>
{
    public void Configure(EntityTypeBuilder<ApprovalRule> builder)
    {
        builder.ToTable("ApprovalRules");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Key).HasMaxLength(ApprovalRule.KeyLength);
        builder.Property(r => r.Name).HasMaxLength(200);
        builder.Property(r => r.RecordKind).HasMaxLength(10);
        builder.Property(r => r.ConditionKey).HasMaxLength(ApprovalRule.KeyLength);
        builder.Property(r => r.ConditionValue).HasMaxLength(ApprovalRule.KeyLength);
        builder.Property(r => r.Policy).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Rejection).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.DueUnit).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.DueAction).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.ApproverPeople).HasMaxLength(ApprovalRule.ListLength);
        builder.Property(r => r.ApproverGroups).HasMaxLength(ApprovalRule.ListLength);
        builder.Property(r => r.CabGroup).HasMaxLength(DirectoryGroup.KeyLength);
        builder.Property(r => r.CalendarKey).HasMaxLength(ApprovalRule.KeyLength);
        builder.Property(r => r.EscalateTo).HasMaxLength(Record.NameLength);
        builder.Property(r => r.UpdatedBy).HasMaxLength(Record.NameLength);
        builder.Property(r => r.Revision).IsConcurrencyToken();
        builder.HasIndex(r => new { r.RecordKind, r.Key, r.Order });
    }
}
