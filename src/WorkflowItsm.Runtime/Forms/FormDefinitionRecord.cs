using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WorkflowItsm.Runtime.Forms;

/// <summary>
/// One deployed version of a Camunda Form (a form-js <c>.form</c> file), under the id its JSON gives as key, as
/// <c>camunda:formRef</c> names it. New content for a key becomes version N+1; identical content keeps its version.
/// </summary>
public sealed class FormDefinitionRecord
{
    public Guid Id { get; set; }

    /// <summary>The form's <c>id</c> in its JSON: what camunda:formRef names.</summary>
    public required string Key { get; set; }

    public int Version { get; set; }

    /// <summary>The file it was deployed as (no folder): what <c>camunda-forms:deployment:FILE</c> names.</summary>
    public required string FileName { get; set; }

    /// <summary>The form-js schema (JSON) as deployed.</summary>
    public required string Schema { get; set; }

    /// <summary>SHA-256 of the schema, so identical content keeps its version.</summary>
    public required string ContentHash { get; set; }

    public string? DeployedBy { get; set; }

    public DateTimeOffset DeployedAt { get; set; }
}

internal sealed class FormDefinitionRecordConfiguration : IEntityTypeConfiguration<FormDefinitionRecord>
{
    public void Configure(EntityTypeBuilder<FormDefinitionRecord> builder)
    {
        builder.ToTable("FormDefinitions");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Key).HasMaxLength(200).IsRequired();
        builder.Property(f => f.FileName).HasMaxLength(400).IsRequired();
        builder.Property(f => f.ContentHash).HasMaxLength(64).IsRequired();
        builder.Property(f => f.DeployedBy).HasMaxLength(256);
        builder.Property(f => f.Schema).IsRequired();
        builder.HasIndex(f => new { f.Key, f.Version }).IsUnique();
        builder.HasIndex(f => f.FileName);
    }
}
