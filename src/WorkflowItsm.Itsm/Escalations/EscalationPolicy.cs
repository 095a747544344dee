using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Escalations;

/// <summary>Whom a level pages.</summary>
public enum EscalationTargetKind
{
    /// <summary>The person on call on a layer of a schedule (or of the record's group's schedule when none is named).</summary>
    OnCall,
    Person,

    /// <summary>Every member of a group (the record's group when none is named).</summary>
    Group,

    /// <summary>The manager of a group (the record's group when none is named).</summary>
    GroupManager,
}

/// <summary>
/// Who is paged, in order, until someone acknowledges: each level's targets are notified, and when its timeout passes
/// without an acknowledgement the next level is; after the last level the policy starts again from level 1
/// <see cref="RepeatCount"/> times. A policy is attached to an SLA definition, a service or a priority, and says which
/// triggers it answers (a new P1 incident, an SLA warning, an SLA breach, a failed change).
/// </summary>
public sealed class EscalationPolicy
{
    public const int NameLength = 200;
    public const int MaxRepeats = 10;

    public int Id { get; set; }
    public required string Name { get; set; }
    public int RepeatCount { get; set; }
    public int? SlaDefinitionId { get; set; }
    public string? Service { get; set; }
    public int? Priority { get; set; }
    public bool OnNewIncident { get; set; }
    public bool OnSlaWarning { get; set; }
    public bool OnSlaBreach { get; set; }

    /// <summary>Answers a change on its service (or of its priority) closed as unsuccessful.</summary>
    public bool OnChangeFailure { get; set; }
    public bool IsActive { get; set; } = true;
    public string? CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<EscalationLevel> Levels { get; set; } = [];

    public IEnumerable<EscalationLevel> LevelsInOrder => Levels.OrderBy(l => l.Position);
}

public sealed class EscalationLevel
{
    public int Id { get; set; }
    public int PolicyId { get; set; }
    public int Position { get; set; }

    /// <summary>How long the level has to acknowledge before the next one is paged.</summary>
    public int TimeoutMinutes { get; set; }
    public List<EscalationTarget> Targets { get; set; } = [];
}

public sealed class EscalationTarget
{
    public int Id { get; set; }
    public int LevelId { get; set; }
    public EscalationTargetKind Kind { get; set; }
    public int? ScheduleId { get; set; }
    public OnCallLayerKind? Layer { get; set; }
    public string? UserName { get; set; }
    public string? GroupKey { get; set; }
}

/// <summary>The person a hierarchical escalation and a "group's manager" target reach for a group.</summary>
public sealed class EscalationGroupManager
{
    public required string GroupKey { get; set; }
    public required string UserName { get; set; }
}

internal sealed class EscalationPolicyConfiguration : IEntityTypeConfiguration<EscalationPolicy>
{
    public void Configure(EntityTypeBuilder<EscalationPolicy> builder)
    {
        builder.ToTable("EscalationPolicies");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Name).HasMaxLength(EscalationPolicy.NameLength);
        builder.Property(p => p.Service).HasMaxLength(Record.CodeLength);
        builder.Property(p => p.CreatedBy).HasMaxLength(Record.NameLength);
        builder.HasMany(p => p.Levels).WithOne().HasForeignKey(l => l.PolicyId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(p => p.LevelsInOrder);
    }
}

internal sealed class EscalationLevelConfiguration : IEntityTypeConfiguration<EscalationLevel>
{
    public void Configure(EntityTypeBuilder<EscalationLevel> builder)
    {
        builder.ToTable("EscalationLevels");
        builder.HasKey(l => l.Id);
        builder.HasMany(l => l.Targets).WithOne().HasForeignKey(t => t.LevelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(l => new { l.PolicyId, l.Position }).IsUnique();
    }
}

internal sealed class EscalationTargetConfiguration : IEntityTypeConfiguration<EscalationTarget>
{
    public void Configure(EntityTypeBuilder<EscalationTarget> builder)
    {
        builder.ToTable("EscalationTargets");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.Layer).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.UserName).HasMaxLength(Record.NameLength);
        builder.Property(t => t.GroupKey).HasMaxLength(DirectoryGroup.KeyLength);
        builder.HasIndex(t => t.LevelId);
    }
}

internal sealed class EscalationGroupManagerConfiguration : IEntityTypeConfiguration<EscalationGroupManager>
{
    public void Configure(EntityTypeBuilder<EscalationGroupManager> builder)
    {
        builder.ToTable("EscalationGroupManagers");
        builder.HasKey(m => m.GroupKey);
        builder.Property(m => m.GroupKey).HasMaxLength(DirectoryGroup.KeyLength);
        builder.Property(m => m.UserName).HasMaxLength(Record.NameLength);
        builder.HasOne<DirectoryGroup>().WithMany().HasForeignKey(m => m.GroupKey).OnDelete(DeleteBehavior.Cascade);
    }
}
