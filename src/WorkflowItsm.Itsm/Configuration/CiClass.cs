using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Configuration;

/// <summary>
/// A class of configuration items (server, database...) in a tree: a class has the attributes of its ancestors and
/// its own, and what is allowed for a class (a relation rule) is allowed for its descendants. Defined in data by
/// admins; the product seeds <see cref="CmdbSeed"/>.
/// </summary>
public sealed class CiClass
{
    public const int KeyLength = 50;
    public const int DefaultRefreshPeriodDays = 60;

    public int Id { get; set; }

    /// <summary>The class's code in the API and imports ("virtual-machine").</summary>
    public required string Key { get; set; }

    /// <summary>What people read ("Virtual machine").</summary>
    public required string Name { get; set; }

    public string? Description { get; set; }

    public int? ParentId { get; set; }

    /// <summary>
    /// How long a value a data source wrote counts as fresh: a CI no source updated for this long is stale, and a
    /// lower-priority source may overwrite a value older than this (reconciliation).
    /// </summary>
    public int RefreshPeriodDays { get; set; } = DefaultRefreshPeriodDays;
}

public enum CiAttributeType
{
    Text,
    Number,
    Boolean,
    Date,
    Choice,

    /// <summary>The number of another configuration item (CI0001001).</summary>
    ConfigurationItem,

    /// <summary>A person's user name.</summary>
    Person,

    /// <summary>A directory group's key.</summary>
    Group,
}

/// <summary>A typed attribute a class defines; its descendants inherit it. Keys are unique along a class's ancestry.</summary>
public sealed class CiAttribute
{
    public const int KeyLength = 50;

    public int Id { get; set; }
    public int ClassId { get; set; }

    /// <summary>The attribute's key in the API and imports ("ramGb").</summary>
    public required string Key { get; set; }
    public required string Name { get; set; }
    public CiAttributeType Type { get; set; }
    public bool Required { get; set; }

    /// <summary>Where the attribute stands among its class's.</summary>
    public int Order { get; set; }
}

/// <summary>One option of a choice attribute: the stored key and the label people read.</summary>
public sealed class CiChoiceOption
{
    public int Id { get; set; }
    public int AttributeId { get; set; }
    public required string Key { get; set; }
    public required string Label { get; set; }
    public int Order { get; set; }
}

internal sealed class CiClassConfiguration : IEntityTypeConfiguration<CiClass>
{
    public void Configure(EntityTypeBuilder<CiClass> builder)
    {
        builder.ToTable("CiClasses");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Key).HasMaxLength(CiClass.KeyLength);
        builder.HasIndex(c => c.Key).IsUnique();
        builder.Property(c => c.Name).HasMaxLength(Record.NameLength);
        builder.Property(c => c.Description).HasMaxLength(Record.TextLength);
        builder.HasOne<CiClass>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasData(CmdbSeed.Classes);
    }
}

internal sealed class CiAttributeConfiguration : IEntityTypeConfiguration<CiAttribute>
{
    public void Configure(EntityTypeBuilder<CiAttribute> builder)
    {
        builder.ToTable("CiAttributes");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Key).HasMaxLength(CiAttribute.KeyLength);
        builder.Property(a => a.Name).HasMaxLength(Record.NameLength);
        builder.Property(a => a.Type).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(a => new { a.ClassId, a.Key }).IsUnique();
        builder.HasOne<CiClass>().WithMany().HasForeignKey(a => a.ClassId).OnDelete(DeleteBehavior.Restrict);
        builder.HasData(CmdbSeed.Attributes);
    }
}

internal sealed class CiChoiceOptionConfiguration : IEntityTypeConfiguration<CiChoiceOption>
{
    public void Configure(EntityTypeBuilder<CiChoiceOption> builder)
    {
        builder.ToTable("CiChoiceOptions");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Key).HasMaxLength(CiAttribute.KeyLength);
        builder.Property(o => o.Label).HasMaxLength(Record.NameLength);
        builder.HasIndex(o => new { o.AttributeId, o.Key }).IsUnique();
        builder.HasOne<CiAttribute>().WithMany().HasForeignKey(o => o.AttributeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasData(CmdbSeed.Options);
    }
}
