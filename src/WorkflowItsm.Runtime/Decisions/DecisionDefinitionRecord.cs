using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WorkflowItsm.Runtime.Decisions;

/// <summary>
/// One deployed version of a DMN decision, under its decision id as key. The whole .dmn file is kept with it, so
/// the decisions it requires evaluate as they were deployed; new content for a key becomes version N+1.
/// </summary>
public sealed class DecisionDefinitionRecord
{
    public Guid Id { get; set; }

    /// <summary>The decision id, what camunda:decisionRef and the evaluate API name.</summary>
    public required string Key { get; set; }

    public int Version { get; set; }

    public string? Name { get; set; }

    /// <summary><c>camunda:versionTag</c>, for camunda:decisionRefBinding="versionTag".</summary>
    public string? VersionTag { get; set; }

    /// <summary>The hit policy, for lists (e.g. "UNIQUE", "COLLECT SUM"); null for a literal expression.</summary>
    public string? HitPolicy { get; set; }

    public string? FileName { get; set; }

    /// <summary>The DMN XML of the whole file as deployed.</summary>
    public required string Xml { get; set; }

    /// <summary>SHA-256 of the XML, so identical content keeps its version.</summary>
    public required string ContentHash { get; set; }

    public string? DeployedBy { get; set; }

    public DateTimeOffset DeployedAt { get; set; }
}

internal sealed class DecisionDefinitionRecordConfiguration : IEntityTypeConfiguration<DecisionDefinitionRecord>
{
    public void Configure(EntityTypeBuilder<DecisionDefinitionRecord> builder)
    {
        builder.ToTable("DecisionDefinitions");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Key).HasMaxLength(200).IsRequired();
        builder.Property(d => d.Name).HasMaxLength(400);
        builder.Property(d => d.VersionTag).HasMaxLength(200);
        builder.Property(d => d.HitPolicy).HasMaxLength(40);
        builder.Property(d => d.FileName).HasMaxLength(400);
        builder.Property(d => d.ContentHash).HasMaxLength(64).IsRequired();
        builder.Property(d => d.DeployedBy).HasMaxLength(256);
        builder.Property(d => d.Xml).IsRequired();
        builder.HasIndex(d => new { d.Key, d.Version }).IsUnique();
    }
}
