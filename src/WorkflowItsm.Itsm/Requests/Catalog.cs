using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Requests;

/// <summary>A shelf of the catalog (Hardware, Software, Access...); <see cref="Position"/> orders them.</summary>
public sealed class CatalogCategory
{
    public int Id { get; set; }
    public required string Key { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public int Position { get; set; }
}

/// <summary>
/// An item of the catalog: its key, category and the draft admins edit (<see cref="Draft"/>, a
/// <see cref="CatalogItemDefinition"/> as JSON). Requesters see and order only its published version
/// <see cref="CurrentVersion"/>; publishing the draft makes the next, immutable <see cref="CatalogItemVersion"/>.
/// </summary>
public sealed class CatalogItem
{
    public int Id { get; set; }
    public required string Key { get; set; }
    public required string CategoryKey { get; set; }
    public required string Draft { get; set; }

    /// <summary>The version new orders take; null until the item is first published.</summary>
    public int? CurrentVersion { get; set; }

    /// <summary>An inactive item is no longer offered (requests in flight keep their version).</summary>
    public bool IsActive { get; set; } = true;
    public DateTime UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
    public int Revision { get; set; }
}

/// <summary>One published version of an item: its frozen definition. A requested item points at the version it was ordered with, forever.</summary>
public sealed class CatalogItemVersion
{
    public long Id { get; set; }
    public int ItemId { get; set; }
    public required string ItemKey { get; set; }
    public int Version { get; set; }
    public required string Snapshot { get; set; }
    public DateTime PublishedAt { get; set; }
    public required string PublishedBy { get; set; }

    public CatalogItemDefinition Definition => CatalogItemDefinition.FromJson(Snapshot);
}

/// <summary>Variables several items share (the requester's contact details, say); an item's version copies them in when published.</summary>
public sealed class CatalogVariableSet
{
    public int Id { get; set; }
    public required string Key { get; set; }
    public required string Name { get; set; }

    /// <summary>The set's <see cref="CatalogVariable"/> list as JSON.</summary>
    public required string Variables { get; set; }
    public DateTime UpdatedAt { get; set; }

    public IReadOnlyList<CatalogVariable> VariableList =>
        JsonSerializer.Deserialize<List<CatalogVariable>>(Variables, CatalogItemDefinition.Json) ?? [];
}

internal sealed class CatalogCategoryConfiguration : IEntityTypeConfiguration<CatalogCategory>
{
    public void Configure(EntityTypeBuilder<CatalogCategory> builder)
    {
        builder.ToTable("CatalogCategories");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Key).HasMaxLength(Record.CodeLength);
        builder.HasIndex(c => c.Key).IsUnique();
        builder.Property(c => c.Name).HasMaxLength(Record.NameLength);
        builder.Property(c => c.Description).HasMaxLength(Record.TextLength);
    }
}

internal sealed class CatalogItemConfiguration : IEntityTypeConfiguration<CatalogItem>
{
    public void Configure(EntityTypeBuilder<CatalogItem> builder)
    {
        builder.ToTable("CatalogItems");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Key).HasMaxLength(Record.CodeLength);
        builder.HasIndex(i => i.Key).IsUnique();
        builder.Property(i => i.CategoryKey).HasMaxLength(Record.CodeLength);
        builder.Property(i => i.UpdatedBy).HasMaxLength(Record.NameLength);
        builder.Property(i => i.Revision).IsConcurrencyToken();
    }
}

internal sealed class CatalogItemVersionConfiguration : IEntityTypeConfiguration<CatalogItemVersion>
{
    public void Configure(EntityTypeBuilder<CatalogItemVersion> builder)
    {
        builder.ToTable("CatalogItemVersions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.ItemKey).HasMaxLength(Record.CodeLength);
        builder.HasIndex(v => new { v.ItemId, v.Version }).IsUnique();
        builder.HasOne<CatalogItem>().WithMany().HasForeignKey(v => v.ItemId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(v => v.PublishedBy).HasMaxLength(Record.NameLength);
        builder.Ignore(v => v.Definition);
    }
}

internal sealed class CatalogVariableSetConfiguration : IEntityTypeConfiguration<CatalogVariableSet>
{
    public void Configure(EntityTypeBuilder<CatalogVariableSet> builder)
    {
        builder.ToTable("CatalogVariableSets");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Key).HasMaxLength(Record.CodeLength);
        builder.HasIndex(s => s.Key).IsUnique();
        builder.Property(s => s.Name).HasMaxLength(Record.NameLength);
        builder.Ignore(s => s.VariableList);
    }
}
