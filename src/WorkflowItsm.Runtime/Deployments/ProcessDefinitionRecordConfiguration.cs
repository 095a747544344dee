using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WorkflowItsm.Runtime.Deployments;

internal sealed class ProcessDefinitionRecordConfiguration : IEntityTypeConfiguration<ProcessDefinitionRecord>
{
    public void Configure(EntityTypeBuilder<ProcessDefinitionRecord> builder)
    {
        builder.ToTable("ProcessDefinitions");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Key).HasMaxLength(200).IsRequired();
        builder.Property(d => d.Name).HasMaxLength(400);
        builder.Property(d => d.ContentHash).HasMaxLength(64).IsRequired();
        builder.Property(d => d.DeployedBy).HasMaxLength(256);
        builder.Property(d => d.Comment).HasMaxLength(2000);
        builder.Property(d => d.Xml).IsRequired();
        builder.HasIndex(d => new { d.Key, d.Version }).IsUnique();
    }
}
