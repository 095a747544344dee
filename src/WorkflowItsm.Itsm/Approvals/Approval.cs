using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Approvals;

public enum ApprovalState
{
    Pending,
    Approved,
    Rejected,

    /// <summary>Nobody decided by the due date: the escalation target now decides alone.</summary>
    Escalated,
    Cancelled,
}

public enum ApprovalDecision
{
    Approved,
    Rejected,
}

/// <summary>
/// One approval asked for one record (known only by its number), under one rule. The rule's policy is copied at
/// the request, so editing a rule never changes an approval already under way. Its approvers (with their votes)
/// are <see cref="Approvers"/>.
/// </summary>
public sealed class Approval
{
    public const int IdLength = 32;

    /// <summary>A GUID ("N" format), known before the save: a workflow's service task sets it as variable approvalId.</summary>
    public required string Id { get; set; }
    public required string RecordNumber { get; set; }
    public required string RuleKey { get; set; }
    public required string RuleName { get; set; }
    public ApprovalState State { get; set; }
    public ApprovalPolicy Policy { get; set; }
    public int? PolicyValue { get; set; }
    public RejectionPolicy Rejection { get; set; }
    public int RejectionValue { get; set; }
    public DueAction DueAction { get; set; }
    public string? EscalateTo { get; set; }
    public DateTime RequestedAt { get; set; }
    public required string RequestedBy { get; set; }
    public DateTime? Due { get; set; }
    public DateTime? DecidedAt { get; set; }

    /// <summary>Why it ended as it did ("3 of 5 approved (60 % needed)", "Escalated to chris: nobody decided by the due date").</summary>
    public string? Outcome { get; set; }

    /// <summary>The record workflow's instance whose multi-instance user task holds one task per approver; null for an approval asked outside a workflow.</summary>
    public string? ProcessInstanceId { get; set; }

    /// <summary>After an escalation: the one task left open, now the escalation target's.</summary>
    public string? EscalationTaskId { get; set; }

    public int Revision { get; set; }

    public List<ApprovalApprover> Approvers { get; set; } = [];

    public bool IsOpen => State is ApprovalState.Pending or ApprovalState.Escalated;
}

/// <summary>One approver of one approval, with her vote once she cast it.</summary>
public sealed class ApprovalApprover
{
    public long Id { get; set; }
    public required string ApprovalId { get; set; }
    public required string UserName { get; set; }

    /// <summary>Why she approves, in words: "person", "group network-team", "CAB cab", "requester's manager", "escalation".</summary>
    public required string Source { get; set; }

    /// <summary>False once an escalation took the decision from her (her vote, if any, stays).</summary>
    public bool IsActive { get; set; } = true;

    public ApprovalDecision? Decision { get; set; }
    public string? Comment { get; set; }
    public DateTime? DecidedAt { get; set; }
}

internal sealed class ApprovalConfiguration : IEntityTypeConfiguration<Approval>
{
    public void Configure(EntityTypeBuilder<Approval> builder)
    {
        builder.ToTable("Approvals");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasMaxLength(Approval.IdLength);
        builder.Property(a => a.RecordNumber).HasMaxLength(Record.NumberLength);
        builder.Property(a => a.RuleKey).HasMaxLength(ApprovalRule.KeyLength);
        builder.Property(a => a.RuleName).HasMaxLength(200);
        builder.Property(a => a.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Policy).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Rejection).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.DueAction).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.EscalateTo).HasMaxLength(Record.NameLength);
        builder.Property(a => a.RequestedBy).HasMaxLength(Record.NameLength);
        builder.Property(a => a.Outcome).HasMaxLength(Record.TextLength);
        builder.Property(a => a.ProcessInstanceId).HasMaxLength(Record.ProcessInstanceIdLength);
        builder.Property(a => a.EscalationTaskId).HasMaxLength(64);
        builder.Property(a => a.Revision).IsConcurrencyToken();
        builder.HasMany(a => a.Approvers).WithOne().HasForeignKey(p => p.ApprovalId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.RecordNumber, a.RequestedAt });
        builder.HasIndex(a => a.ProcessInstanceId);
    }
}

internal sealed class ApprovalApproverConfiguration : IEntityTypeConfiguration<ApprovalApprover>
{
    public void Configure(EntityTypeBuilder<ApprovalApprover> builder)
    {
        builder.ToTable("ApprovalApprovers");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.ApprovalId).HasMaxLength(Approval.IdLength);
        builder.Property(p => p.UserName).HasMaxLength(Record.NameLength);
        builder.Property(p => p.Source).HasMaxLength(200);
        builder.Property(p => p.Decision).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Comment).HasMaxLength(Record.TextLength);
        builder.HasIndex(p => new { p.ApprovalId, p.UserName }).IsUnique();
        // "My pending approvals" on every inbox load.
        builder.HasIndex(p => new { p.UserName, p.IsActive, p.Decision });
    }
}
