using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WorkflowItsm.Runtime.Faults;

/// <summary>Where a fault stands: retried by the runtime, waiting for an operator, or over.</summary>
public enum FaultStatus
{
    /// <summary>The runtime retries the element on its own at <see cref="FaultRecord.NextRetryAt"/>.</summary>
    Retrying,

    /// <summary>The retries ran out: an operator retries the element or cancels the instance.</summary>
    Open,

    Resolved,
}

/// <summary>
/// A token failed technically at an element (a script or handler threw). The row is written at the first failure
/// and counts the attempts while the runtime retries; when the retries run out it is an open fault for an
/// operator. It is resolved when the element succeeds, its token leaves, or the instance ends.
/// </summary>
public sealed class FaultRecord
{
    public const int MaxMessageLength = 4000;
    public const int MaxStackLength = 8000;

    public Guid Id { get; set; }
    public required string InstanceId { get; set; }
    public required string ElementId { get; set; }
    public required string TokenId { get; set; }
    public required string Message { get; set; }
    public string? ExceptionType { get; set; }
    public string? Stack { get; set; }

    /// <summary>How often the element failed in a row (the first run and each retry).</summary>
    public int Attempts { get; set; }

    /// <summary>When the runtime retries next; null once the retries ran out or the fault is resolved.</summary>
    public DateTime? NextRetryAt { get; set; }

    /// <summary>The Hangfire job of the next retry, to cancel it when the fault is resolved first.</summary>
    public string? JobId { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public string? Resolution { get; set; }

    public FaultStatus Status => ResolvedAt is not null ? FaultStatus.Resolved
        : NextRetryAt is not null ? FaultStatus.Retrying
        : FaultStatus.Open;
}

internal sealed class FaultRecordConfiguration : IEntityTypeConfiguration<FaultRecord>
{
    public void Configure(EntityTypeBuilder<FaultRecord> builder)
    {
        builder.ToTable("Faults");
        builder.HasKey(f => f.Id);
        builder.Ignore(f => f.Status);
        builder.Property(f => f.InstanceId).HasMaxLength(64);
        builder.Property(f => f.ElementId).HasMaxLength(200);
        builder.Property(f => f.TokenId).HasMaxLength(64);
        builder.Property(f => f.Message).HasMaxLength(FaultRecord.MaxMessageLength);
        builder.Property(f => f.ExceptionType).HasMaxLength(400);
        builder.Property(f => f.Stack).HasMaxLength(FaultRecord.MaxStackLength);
        builder.Property(f => f.JobId).HasMaxLength(100);
        builder.Property(f => f.Resolution).HasMaxLength(400);
        builder.HasIndex(f => f.InstanceId);
        // The operators' list (unresolved, out of retries, newest first) and the reconciliation of lost retry jobs.
        builder.HasIndex(f => new { f.ResolvedAt, f.NextRetryAt, f.CreatedAt });
        builder.HasOne<Instances.ProcessInstanceRecord>().WithMany().HasForeignKey(f => f.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}
