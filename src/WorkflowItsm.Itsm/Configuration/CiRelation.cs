using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Configuration;

/// <summary>Which end of a relation needs the other, so an outage of one impacts the other.</summary>
public enum RelationImpact
{
    /// <summary>No impact either way (managed by).</summary>
    None,

    /// <summary>The source needs the target: the target down impacts the source (depends on, runs on, hosted on, connects to).</summary>
    SourceNeedsTarget,

    /// <summary>The target needs the source: the source down impacts the target (contains: the location down impacts what it contains; member of: a member down impacts its cluster, within its redundancy).</summary>
    TargetNeedsSource,
}

/// <summary>
/// A kind of relation with its name read both ways ("depends on" / "used by"), its impact direction and whether it
/// makes the source a member of the target, whose redundancy (min up) then decides whether members down impact it.
/// </summary>
public sealed class CiRelationType
{
    public int Id { get; set; }
    public required string Key { get; set; }

    /// <summary>Read from the source: "Pay depends on Pay cluster".</summary>
    public required string Name { get; set; }

    /// <summary>Read from the target: "Pay cluster used by Pay".</summary>
    public required string ReverseName { get; set; }
    public RelationImpact Impact { get; set; }

    /// <summary>The source is one of the target's redundant members (member of).</summary>
    public bool IsMembership { get; set; }
}

/// <summary>
/// A pair of classes a relation type may join, source class first; a rule for a class holds for its descendants
/// (allowed for servers: allowed for virtual machines); no class (null) is any class.
/// </summary>
public sealed class CiRelationRule
{
    public int Id { get; set; }
    public int TypeId { get; set; }
    public int? SourceClassId { get; set; }
    public int? TargetClassId { get; set; }
}

/// <summary>One relation between two CIs: source, type, target ("Srv1 member of Pay cluster").</summary>
public sealed class CiRelation
{
    public long Id { get; set; }
    public long SourceId { get; set; }
    public int TypeId { get; set; }
    public long TargetId { get; set; }

    /// <summary>Who or what made it: a person, or a data source (discovery).</summary>
    public required string CreatedBy { get; set; }
    public required string Source { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class CiRelationTypeConfiguration : IEntityTypeConfiguration<CiRelationType>
{
    public void Configure(EntityTypeBuilder<CiRelationType> builder)
    {
        builder.ToTable("CiRelationTypes");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Key).HasMaxLength(CiClass.KeyLength);
        builder.HasIndex(t => t.Key).IsUnique();
        builder.Property(t => t.Name).HasMaxLength(Record.CodeLength);
        builder.Property(t => t.ReverseName).HasMaxLength(Record.CodeLength);
        builder.Property(t => t.Impact).HasConversion<string>().HasMaxLength(30);
        builder.HasData(CmdbSeed.RelationTypes);
    }
}

internal sealed class CiRelationRuleConfiguration : IEntityTypeConfiguration<CiRelationRule>
{
    public void Configure(EntityTypeBuilder<CiRelationRule> builder)
    {
        builder.ToTable("CiRelationRules");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => r.TypeId);
        builder.HasOne<CiRelationType>().WithMany().HasForeignKey(r => r.TypeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<CiClass>().WithMany().HasForeignKey(r => r.SourceClassId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CiClass>().WithMany().HasForeignKey(r => r.TargetClassId).OnDelete(DeleteBehavior.Restrict);
        builder.HasData(CmdbSeed.RelationRules);
    }
}

internal sealed class CiRelationConfiguration : IEntityTypeConfiguration<CiRelation>
{
    public void Configure(EntityTypeBuilder<CiRelation> builder)
    {
        builder.ToTable("CiRelations");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.CreatedBy).HasMaxLength(Record.NameLength);
        builder.Property(r => r.Source).HasMaxLength(RecordAuditEntry.SourceLength);
        // Impact analysis reads one level at a time by either end (WHERE SourceId IN (...) / TargetId IN (...));
        // each index holds the other end and the type, so a level is read from the index alone.
        builder.HasIndex(r => new { r.SourceId, r.TypeId, r.TargetId }).IsUnique();
        builder.HasIndex(r => new { r.TargetId, r.TypeId, r.SourceId });
        builder.HasOne<ConfigurationItem>().WithMany().HasForeignKey(r => r.SourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ConfigurationItem>().WithMany().HasForeignKey(r => r.TargetId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CiRelationType>().WithMany().HasForeignKey(r => r.TypeId).OnDelete(DeleteBehavior.Restrict);
    }
}
