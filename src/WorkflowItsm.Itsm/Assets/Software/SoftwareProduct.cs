using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WorkflowItsm.Itsm.Assets.Software;

/// <summary>A software product as publishers sell it ("Microsoft" "Microsoft 365 Apps"); licences and installations are per product.</summary>
public sealed class SoftwareProduct
{
    public const int NameLength = 200;

    public long Id { get; set; }
    public required string Publisher { get; set; }
    public required string Name { get; set; }

    /// <summary>Publisher and name in upper case: discovery spells them in any case, and "adobe"/"Adobe" are one product.</summary>
    public required string MatchKey { get; set; }
    public DateTime CreatedAt { get; set; }

    public static string KeyOf(string publisher, string name) => $"{publisher.Trim()}|{name.Trim()}".ToUpperInvariant();
}

/// <summary>
/// A version of a product. <see cref="Rank"/> orders a product's versions (1 = oldest), so "older than" is a number
/// comparison the database makes (downgrade rights); it is given again whenever a version is added.
/// </summary>
public sealed class SoftwareVersion
{
    public const int VersionLength = 100;

    public long Id { get; set; }
    public long ProductId { get; set; }
    public required string Version { get; set; }
    public int Rank { get; set; }
}

/// <summary>Orders version strings as people read them: numeric parts as numbers ("16.10" after "16.9"), other parts by text.</summary>
public static class VersionOrder
{
    public static int Compare(string? left, string? right)
    {
        var a = Parts(left ?? "");
        var b = Parts(right ?? "");
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            if (i >= a.Length)
            {
                return -1;
            }

            if (i >= b.Length)
            {
                return 1;
            }

            var byPart = long.TryParse(a[i], out var x) && long.TryParse(b[i], out var y)
                ? x.CompareTo(y)
                : string.Compare(a[i], b[i], StringComparison.OrdinalIgnoreCase);
            if (byPart != 0)
            {
                return byPart;
            }
        }

        return 0;
    }

    private static string[] Parts(string version) => version.Split(['.', '-', '_', ' '], StringSplitOptions.RemoveEmptyEntries);
}

internal sealed class SoftwareProductConfiguration : IEntityTypeConfiguration<SoftwareProduct>
{
    public void Configure(EntityTypeBuilder<SoftwareProduct> builder)
    {
        builder.ToTable("SoftwareProducts");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Publisher).HasMaxLength(SoftwareProduct.NameLength);
        builder.Property(p => p.Name).HasMaxLength(SoftwareProduct.NameLength);
        builder.Property(p => p.MatchKey).HasMaxLength(2 * SoftwareProduct.NameLength + 1);
        builder.HasIndex(p => p.MatchKey).IsUnique();
        builder.HasIndex(p => p.Name);
    }
}

internal sealed class SoftwareVersionConfiguration : IEntityTypeConfiguration<SoftwareVersion>
{
    public void Configure(EntityTypeBuilder<SoftwareVersion> builder)
    {
        builder.ToTable("SoftwareVersions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Version).HasMaxLength(SoftwareVersion.VersionLength);
        builder.HasOne<SoftwareProduct>().WithMany().HasForeignKey(v => v.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(v => new { v.ProductId, v.Version }).IsUnique();
    }
}
