using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WorkflowItsm.Itsm.Assets.Software;

/// <summary>
/// A computer software is installed on, as discovery reports it: known by its serial when it sends one, else by its
/// name (both in any case). <see cref="ConfigurationItemNumber"/> links it to its CMDB configuration item once known.
/// </summary>
public sealed class SoftwareDevice
{
    public const int NameLength = 200;

    public long Id { get; set; }
    public required string Name { get; set; }
    public required string NameKey { get; set; }
    public string? Serial { get; set; }
    public string? SerialKey { get; set; }

    /// <summary>Cores per CPU; with <see cref="Cpus"/>, what per-core licences count (unknown counts as 1).</summary>
    public int? Cores { get; set; }
    public int? Cpus { get; set; }
    public string? ConfigurationItemNumber { get; set; }
    public DateTime LastSeenAt { get; set; }

    public static string KeyOf(string value) => value.Trim().ToUpperInvariant();
}

/// <summary>One version of a product on one device; importing it again updates this row.</summary>
public sealed class SoftwareInstallation
{
    public long Id { get; set; }
    public long DeviceId { get; set; }
    public SoftwareDevice? Device { get; set; }

    /// <summary>The version's product, kept here so compliance groups installations by product without a join.</summary>
    public long ProductId { get; set; }
    public long VersionId { get; set; }
    public SoftwareVersion? Version { get; set; }

    /// <summary>Who uses it (per-user and named-user licences count these).</summary>
    public string? UserName { get; set; }
    public DateTime FirstSeenAt { get; set; }
    public DateTime LastSeenAt { get; set; }

    /// <summary>When discovery last saw it used, when it reports that: long unused is a removal candidate.</summary>
    public DateTime? LastUsedAt { get; set; }
}

internal sealed class SoftwareDeviceConfiguration : IEntityTypeConfiguration<SoftwareDevice>
{
    public void Configure(EntityTypeBuilder<SoftwareDevice> builder)
    {
        builder.ToTable("SoftwareDevices");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Name).HasMaxLength(SoftwareDevice.NameLength);
        builder.Property(d => d.NameKey).HasMaxLength(SoftwareDevice.NameLength);
        builder.Property(d => d.Serial).HasMaxLength(SoftwareDevice.NameLength);
        builder.Property(d => d.SerialKey).HasMaxLength(SoftwareDevice.NameLength);
        builder.Property(d => d.ConfigurationItemNumber).HasMaxLength(20);
        builder.HasIndex(d => d.NameKey);
        builder.HasIndex(d => d.SerialKey);
        builder.HasIndex(d => d.ConfigurationItemNumber);
    }
}

internal sealed class SoftwareInstallationConfiguration : IEntityTypeConfiguration<SoftwareInstallation>
{
    public void Configure(EntityTypeBuilder<SoftwareInstallation> builder)
    {
        builder.ToTable("SoftwareInstallations");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.UserName).HasMaxLength(256);
        builder.HasOne(i => i.Device).WithMany().HasForeignKey(i => i.DeviceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(i => i.Version).WithMany().HasForeignKey(i => i.VersionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<SoftwareProduct>().WithMany().HasForeignKey(i => i.ProductId).OnDelete(DeleteBehavior.NoAction);

        // One row per device and version: a re-import finds it instead of adding another.
        builder.HasIndex(i => new { i.DeviceId, i.VersionId }).IsUnique();

        // Compliance groups by product, per device and per user.
        builder.HasIndex(i => new { i.ProductId, i.DeviceId });
        builder.HasIndex(i => new { i.ProductId, i.LastSeenAt });
    }
}
