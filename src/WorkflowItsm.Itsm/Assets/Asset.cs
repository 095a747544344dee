using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Assets;

/// <summary>
/// A piece of hardware, numbered AST0001001…, on the record kernel: its model, serial number (unique in any case)
/// and asset tag, its state with substate (<see cref="AssetLifecycle"/>), who uses it where, the stockroom it is in,
/// the request it is reserved for, its purchase data and how it depreciates. Every change is audited by the kernel.
/// </summary>
public sealed class Asset : Record<AssetState>
{
    public const int SerialLength = 100;

    public int ModelId { get; set; }
    public required string SerialNumber { get; set; }

    /// <summary>The serial in upper case: unique, so that "ab12" and "AB12" are one asset on every database.</summary>
    public required string SerialKey { get; set; }
    public string? AssetTag { get; set; }
    public AssetSubstate? Substate { get; set; }

    /// <summary>Who has it (a user name of the directory).</summary>
    public string? AssignedPerson { get; set; }
    public string? Location { get; set; }

    /// <summary>The stockroom it is kept in while in stock.</summary>
    public int? StockroomId { get; set; }

    /// <summary>The request (REQ…/RITM… number) it is reserved for, while reserved.</summary>
    public string? ReservedFor { get; set; }

    public string? OrderNumber { get; set; }
    public string? Supplier { get; set; }
    public DateOnly? PurchaseDate { get; set; }
    public decimal? Cost { get; set; }
    public DateOnly? WarrantyEnd { get; set; }

    public DepreciationMethod DepreciationMethod { get; set; }
    public int UsefulLifeMonths { get; set; } = 36;
    public decimal SalvageValue { get; set; }

    /// <summary>The configuration item (CI… number) the CMDB keeps for it, when it has one.</summary>
    public string? ConfigurationItemNumber { get; set; }

    public override RecordLifecycle<AssetState> Lifecycle => AssetLifecycle.States;

    public AssetPosition Position => new(State, Substate);

    protected override void AddAuditedFields(IDictionary<string, string?> fields)
    {
        fields["substate"] = Substate?.ToString();
        fields["model"] = ModelId.ToString(CultureInfo.InvariantCulture);
        fields["serialNumber"] = SerialNumber;
        fields["assetTag"] = AssetTag;
        fields["assignedPerson"] = AssignedPerson;
        fields["location"] = Location;
        fields["stockroom"] = StockroomId?.ToString(CultureInfo.InvariantCulture);
        fields["reservedFor"] = ReservedFor;
        fields["orderNumber"] = OrderNumber;
        fields["supplier"] = Supplier;
        fields["purchaseDate"] = PurchaseDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        fields["cost"] = Cost?.ToString("0.00", CultureInfo.InvariantCulture);
        fields["warrantyEnd"] = WarrantyEnd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        fields["depreciationMethod"] = DepreciationMethod.ToString();
        fields["usefulLifeMonths"] = UsefulLifeMonths.ToString(CultureInfo.InvariantCulture);
        fields["salvageValue"] = SalvageValue.ToString("0.00", CultureInfo.InvariantCulture);
        fields["configurationItemNumber"] = ConfigurationItemNumber;
    }
}

internal sealed class AssetConfiguration : IEntityTypeConfiguration<Asset>
{
    public void Configure(EntityTypeBuilder<Asset> builder)
    {
        builder.MapRecord<Asset, AssetState>("Assets");
        builder.Property(a => a.SerialNumber).HasMaxLength(Asset.SerialLength);
        builder.Property(a => a.SerialKey).HasMaxLength(Asset.SerialLength);
        builder.HasIndex(a => a.SerialKey).IsUnique();
        builder.Property(a => a.AssetTag).HasMaxLength(Record.CodeLength);
        builder.HasIndex(a => a.AssetTag);
        builder.Property(a => a.Substate).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.AssignedPerson).HasMaxLength(Record.NameLength);
        builder.Property(a => a.Location).HasMaxLength(Record.CodeLength);
        builder.Property(a => a.ReservedFor).HasMaxLength(Record.NumberLength);
        builder.Property(a => a.OrderNumber).HasMaxLength(Record.CodeLength);
        builder.Property(a => a.Supplier).HasMaxLength(Record.CodeLength);
        builder.Property(a => a.Cost).HasPrecision(18, 2);
        builder.Property(a => a.SalvageValue).HasPrecision(18, 2);
        builder.Property(a => a.DepreciationMethod).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.ConfigurationItemNumber).HasMaxLength(Record.NumberLength);
        builder.HasOne<AssetModel>().WithMany().HasForeignKey(a => a.ModelId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Stock.Stockroom>().WithMany().HasForeignKey(a => a.StockroomId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(a => a.Position);
        // The list's filters (state, model, person) and stock levels (model, stockroom, state, substate); warranty-ending by date.
        builder.HasIndex(a => new { a.State, a.Substate, a.OpenedAt });
        builder.HasIndex(a => new { a.ModelId, a.StockroomId, a.State, a.Substate });
        builder.HasIndex(a => new { a.AssignedPerson, a.State });
        builder.HasIndex(a => a.WarrantyEnd);
        builder.HasIndex(a => a.ConfigurationItemNumber);
    }
}
