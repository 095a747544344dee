using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WorkflowItsm.Runtime.Instances;

public enum InstanceRunStatus
{
    Running,
    Completed,

    /// <summary>
    /// Legacy: rows written before a terminate end event counted as completing the instance. Never written now,
    /// and read back as <see cref="Completed"/> (see <see cref="ProcessInstanceRecordConfiguration"/>); only a
    /// query filtering on Completed still names it, to find those rows without a data migration.
    /// </summary>
    Terminated,
    Faulted,
    Cancelled,
}

/// <summary>
/// A process instance: its definition version, business key and status as indexed columns, and the engine's
/// state (tokens, scopes, variables) as one JSON document. <see cref="Revision"/> is the optimistic concurrency
/// token: every trigger bumps it, so two hosts can never both apply a trigger to the same state.
/// </summary>
public sealed class ProcessInstanceRecord
{
    public required string Id { get; set; }
    public Guid DefinitionId { get; set; }
    public required string DefinitionKey { get; set; }
    public int DefinitionVersion { get; set; }
    public string? BusinessKey { get; set; }
    public InstanceRunStatus Status { get; set; }
    public string? StartedBy { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? EndedAt { get; set; }

    /// <summary>Where the instance is waiting, comma-separated element ids, for lists and filters without reading the state.</summary>
    public string? ActiveElements { get; set; }

    /// <summary>A suspended instance takes no triggers; its due timers fire after it is resumed.</summary>
    public bool IsSuspended { get; set; }

    public string? FaultElementId { get; set; }
    public string? FaultMessage { get; set; }
    public required string StateJson { get; set; }
    public int Revision { get; set; }

    /// <summary>The instance whose call activity started this one; null for an instance started from outside.</summary>
    public string? ParentInstanceId { get; set; }

    /// <summary>The parent's call activity (element id) that started this instance.</summary>
    public string? ParentCallActivityId { get; set; }

    /// <summary>The parent's call-activity bookmark this instance answers when it ends.</summary>
    public string? ParentBookmarkId { get; set; }
}

internal sealed class ProcessInstanceRecordConfiguration : IEntityTypeConfiguration<ProcessInstanceRecord>
{
    public void Configure(EntityTypeBuilder<ProcessInstanceRecord> builder)
    {
        builder.ToTable("ProcessInstances");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).HasMaxLength(64);
        builder.Property(i => i.DefinitionKey).HasMaxLength(200);
        builder.Property(i => i.BusinessKey).HasMaxLength(200);
        // Stored by name. A row from before terminate end events completed instances says "Terminated": it reads as
        // Completed here, and the Completed filter also matches it, so no data migration is needed.
        builder.Property(i => i.Status).HasConversion(
            status => status.ToString(),
            stored => stored == nameof(InstanceRunStatus.Terminated) ? InstanceRunStatus.Completed : Enum.Parse<InstanceRunStatus>(stored))
            .HasMaxLength(20);
        builder.Property(i => i.StartedBy).HasMaxLength(256);
        builder.Property(i => i.ActiveElements).HasMaxLength(2000);
        builder.Property(i => i.FaultElementId).HasMaxLength(200);
        builder.Property(i => i.FaultMessage).HasMaxLength(4000);
        builder.Property(i => i.Revision).IsConcurrencyToken();
        builder.Property(i => i.ParentInstanceId).HasMaxLength(64);
        builder.Property(i => i.ParentCallActivityId).HasMaxLength(200);
        builder.Property(i => i.ParentBookmarkId).HasMaxLength(64);
        builder.HasIndex(i => new { i.DefinitionKey, i.DefinitionVersion, i.Status });
        builder.HasIndex(i => i.BusinessKey);
        builder.HasIndex(i => new { i.Status, i.StartedAt });
        builder.HasIndex(i => new { i.ParentInstanceId, i.ParentBookmarkId });
        builder.HasOne<Deployments.ProcessDefinitionRecord>().WithMany().HasForeignKey(i => i.DefinitionId).OnDelete(DeleteBehavior.Restrict);
    }
}
