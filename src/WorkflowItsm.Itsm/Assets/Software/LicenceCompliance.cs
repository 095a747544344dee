using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WorkflowItsm.Itsm.Assets.Software;

/// <summary>Where a product stands against its licences.</summary>
public enum ComplianceStatus
{
    /// <summary>Rights owned match the use.</summary>
    Compliant,

    /// <summary>More used than owned: a shortfall to buy (true-up).</summary>
    OverUsed,

    /// <summary>More owned than used: rights to spare.</summary>
    UnderUsed,
}

/// <summary>
/// One compliance run's result for one product (kept: the history). <see cref="Rights"/> null is unlimited (a site
/// licence). <see cref="Used"/> counts by <see cref="Metric"/>; <see cref="Shortfall"/> adds the uses no active
/// licence covers (a version bought without downgrade rights does not cover an older one).
/// </summary>
public sealed class LicenceComplianceSnapshot
{
    public long Id { get; set; }
    public long ProductId { get; set; }
    public DateTime ComputedAt { get; set; }
    public LicenceMetric Metric { get; set; }
    public int? Rights { get; set; }
    public int Used { get; set; }
    public int Shortfall { get; set; }
    public int Surplus { get; set; }
    public decimal? UnitCost { get; set; }
    public decimal? TrueUpCost { get; set; }
    public int Installations { get; set; }
    public int Devices { get; set; }
    public int RemovalCandidates { get; set; }
    public ComplianceStatus Status { get; set; }

    /// <summary>What ran it: an import, an entitlement change, the nightly job.</summary>
    public required string Trigger { get; set; }
}

internal sealed class LicenceComplianceSnapshotConfiguration : IEntityTypeConfiguration<LicenceComplianceSnapshot>
{
    public void Configure(EntityTypeBuilder<LicenceComplianceSnapshot> builder)
    {
        builder.ToTable("LicenceComplianceSnapshots");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Metric).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.UnitCost).HasPrecision(18, 2);
        builder.Property(s => s.TrueUpCost).HasPrecision(18, 2);
        builder.Property(s => s.Trigger).HasMaxLength(40);
        builder.HasOne<SoftwareProduct>().WithMany().HasForeignKey(s => s.ProductId).OnDelete(DeleteBehavior.Cascade);

        // The latest per product (the largest id) and the history, newest first.
        builder.HasIndex(s => new { s.ProductId, s.Id });
    }
}
