using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Assets;

/// <summary>What kind of hardware a model is.</summary>
public enum AssetCategory
{
    Laptop,
    Desktop,
    Monitor,
    Server,
    Phone,
    Tablet,
    Printer,
    NetworkDevice,
    Peripheral,
    Other,
}

/// <summary>
/// A hardware model (manufacturer, name, category, unit cost) that admins define; every asset is one of a model,
/// stock is counted per model, and a new asset's cost defaults to the model's unit cost.
/// </summary>
public sealed class AssetModel
{
    public int Id { get; set; }
    public required string Manufacturer { get; set; }
    public required string Name { get; set; }
    public AssetCategory Category { get; set; }
    public decimal UnitCost { get; set; }

    /// <summary>Months an asset of the model is depreciated over, unless the asset says otherwise.</summary>
    public int UsefulLifeMonths { get; set; } = 36;

    public string DisplayName => $"{Manufacturer} {Name}";
}

internal sealed class AssetModelConfiguration : IEntityTypeConfiguration<AssetModel>
{
    public void Configure(EntityTypeBuilder<AssetModel> builder)
    {
        builder.ToTable("AssetModels");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Manufacturer).HasMaxLength(Record.CodeLength);
        builder.Property(m => m.Name).HasMaxLength(Record.CodeLength);
        builder.Property(m => m.Category).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.UnitCost).HasPrecision(18, 2);
        builder.HasIndex(m => new { m.Manufacturer, m.Name }).IsUnique();
        builder.Ignore(m => m.DisplayName);
    }
}
