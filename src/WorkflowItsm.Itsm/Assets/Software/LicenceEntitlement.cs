using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WorkflowItsm.Itsm.Assets.Software;

/// <summary>What one right of a licence counts.</summary>
public enum LicenceMetric
{
    /// <summary>Each device the product is installed on, whatever the number of versions there.</summary>
    PerDevice,

    /// <summary>Each person using the product.</summary>
    PerUser,

    /// <summary>Cores × CPUs of each device the product is installed on.</summary>
    PerCore,

    /// <summary>Each named person using it (counted as people using it, like per user).</summary>
    NamedUser,

    /// <summary>A site or enterprise licence: unlimited.</summary>
    Site,
}

/// <summary>
/// A licence bought: rights to a product (or one version of it) counted by <see cref="Metric"/>, valid from
/// <see cref="StartsOn"/> to <see cref="EndsOn"/>. With <see cref="DowngradeRights"/> a version's rights also cover
/// the product's older versions.
/// </summary>
public sealed class LicenceEntitlement
{
    public const int TextLength = 200;

    public long Id { get; set; }
    public long ProductId { get; set; }

    /// <summary>The version bought; null covers every version.</summary>
    public long? VersionId { get; set; }
    public SoftwareVersion? Version { get; set; }
    public LicenceMetric Metric { get; set; }

    /// <summary>How many rights; null for a site licence (unlimited).</summary>
    public int? Count { get; set; }
    public DateOnly? StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }
    public decimal? UnitCost { get; set; }
    public bool DowngradeRights { get; set; }
    public string? PurchaseReference { get; set; }

    /// <summary>Who answers for the licence and gets its renewal reminders (admins when nobody).</summary>
    public string? Owner { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
}

internal sealed class LicenceEntitlementConfiguration : IEntityTypeConfiguration<LicenceEntitlement>
{
    public void Configure(EntityTypeBuilder<LicenceEntitlement> builder)
    {
        builder.ToTable("LicenceEntitlements");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Metric).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.UnitCost).HasPrecision(18, 2);
        builder.Property(e => e.PurchaseReference).HasMaxLength(LicenceEntitlement.TextLength);
        builder.Property(e => e.Owner).HasMaxLength(256);
        builder.Property(e => e.UpdatedBy).HasMaxLength(256);
        builder.HasOne<SoftwareProduct>().WithMany().HasForeignKey(e => e.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(e => e.Version).WithMany().HasForeignKey(e => e.VersionId).OnDelete(DeleteBehavior.NoAction);
        builder.HasIndex(e => e.ProductId);
        builder.HasIndex(e => e.EndsOn);
    }
}

/// <summary>Metrics as people read them.</summary>
public static class LicenceMetrics
{
    public static string Label(LicenceMetric metric) => metric switch
    {
        LicenceMetric.PerDevice => "Per device",
        LicenceMetric.PerUser => "Per user",
        LicenceMetric.PerCore => "Per core",
        LicenceMetric.NamedUser => "Named user",
        LicenceMetric.Site => "Site (unlimited)",
        _ => metric.ToString(),
    };

    /// <summary>What one right of the metric counts ("devices", "cores"...).</summary>
    public static string Unit(LicenceMetric metric) => metric switch
    {
        LicenceMetric.PerDevice or LicenceMetric.Site => "devices",
        LicenceMetric.PerCore => "cores",
        _ => "users",
    };
}
