using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WorkflowItsm.Runtime.HumanTasks;

public enum HumanTaskStatus
{
    Open,
    Completed,
    Cancelled,
}

/// <summary>A work item in an inbox, created from a user task. Its id is the engine's bookmark id.</summary>
public sealed class HumanTaskRecord
{
    public required string Id { get; set; }
    public required string InstanceId { get; set; }
    public required string DefinitionKey { get; set; }
    public int DefinitionVersion { get; set; }
    public required string ElementId { get; set; }
    public string? Name { get; set; }
    public string? BusinessKey { get; set; }
    public string? Assignee { get; set; }

    /// <summary>Who delegated the task and gets it back when the delegate resolves it; null when not delegated.</summary>
    public string? Owner { get; set; }

    /// <summary>Comma-separated, for display; <see cref="HumanTaskCandidate"/> rows are what queries use.</summary>
    public string? CandidateGroups { get; set; }
    public string? CandidateUsers { get; set; }
    public DateTime? DueDate { get; set; }
    public DateTime? FollowUpDate { get; set; }
    public int Priority { get; set; }
    public string? FormKey { get; set; }
    public HumanTaskStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public string? CompletedBy { get; set; }
    public List<HumanTaskCandidate> Candidates { get; set; } = [];

    /// <summary>Optimistic concurrency token: two agents claiming at once cannot both win.</summary>
    public int Revision { get; set; }
}

/// <summary>A comment on a task, visible to everyone who can see the task.</summary>
public sealed class HumanTaskComment
{
    public long Id { get; set; }
    public required string TaskId { get; set; }
    public required string Author { get; set; }
    public required string Text { get; set; }
    public DateTime At { get; set; }
}

/// <summary>One candidate group or user of a task, as a row so "my groups' tasks" is an index seek.</summary>
public sealed class HumanTaskCandidate
{
    public const string GroupKind = "group";
    public const string UserKind = "user";

    public required string TaskId { get; set; }
    public required string Kind { get; set; }
    public required string Name { get; set; }
}

internal sealed class HumanTaskRecordConfiguration : IEntityTypeConfiguration<HumanTaskRecord>
{
    public void Configure(EntityTypeBuilder<HumanTaskRecord> builder)
    {
        builder.ToTable("HumanTasks");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasMaxLength(64);
        builder.Property(t => t.InstanceId).HasMaxLength(64);
        builder.Property(t => t.DefinitionKey).HasMaxLength(200);
        builder.Property(t => t.ElementId).HasMaxLength(200);
        builder.Property(t => t.Name).HasMaxLength(400);
        builder.Property(t => t.BusinessKey).HasMaxLength(200);
        builder.Property(t => t.Assignee).HasMaxLength(256);
        builder.Property(t => t.CandidateGroups).HasMaxLength(2000);
        builder.Property(t => t.CandidateUsers).HasMaxLength(2000);
        builder.Property(t => t.FormKey).HasMaxLength(400);
        builder.Property(t => t.CompletedBy).HasMaxLength(256);
        builder.Property(t => t.Owner).HasMaxLength(256);
        builder.Property(t => t.Revision).IsConcurrencyToken();
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(t => new { t.Status, t.Assignee, t.DueDate });
        builder.HasIndex(t => new { t.Status, t.DueDate });
        builder.HasIndex(t => t.InstanceId);
        builder.HasMany(t => t.Candidates).WithOne().HasForeignKey(c => c.TaskId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Instances.ProcessInstanceRecord>().WithMany().HasForeignKey(t => t.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class HumanTaskCandidateConfiguration : IEntityTypeConfiguration<HumanTaskCandidate>
{
    public void Configure(EntityTypeBuilder<HumanTaskCandidate> builder)
    {
        builder.ToTable("HumanTaskCandidates");
        builder.HasKey(c => new { c.TaskId, c.Kind, c.Name });
        builder.Property(c => c.TaskId).HasMaxLength(64);
        builder.Property(c => c.Kind).HasMaxLength(10);
        builder.Property(c => c.Name).HasMaxLength(256);
        builder.HasIndex(c => new { c.Kind, c.Name });
    }
}

internal sealed class HumanTaskCommentConfiguration : IEntityTypeConfiguration<HumanTaskComment>
{
    public void Configure(EntityTypeBuilder<HumanTaskComment> builder)
    {
        builder.ToTable("HumanTaskComments");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.TaskId).HasMaxLength(64);
        builder.Property(c => c.Author).HasMaxLength(256);
        builder.Property(c => c.Text).HasMaxLength(4000);
        builder.HasIndex(c => new { c.TaskId, c.Id });
        builder.HasOne<HumanTaskRecord>().WithMany().HasForeignKey(c => c.TaskId).OnDelete(DeleteBehavior.Cascade);
    }
}
