using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Assets.Software;

/// <summary>Adds software products and versions by hand (an import adds the ones it meets).</summary>
public sealed class SoftwareCatalog(ItsmDbContext db, TimeProvider time)
{
    public async Task<SoftwareProduct> AddProductAsync(string? publisher, string? name, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Length("publisher", publisher?.Trim(), SoftwareProduct.NameLength, required: true);
        errors.Length("name", name?.Trim(), SoftwareProduct.NameLength, required: true);
        errors.ThrowIfAny("software product");
        var key = SoftwareProduct.KeyOf(publisher!, name!);
        if (await db.SoftwareProducts.AnyAsync(p => p.MatchKey == key, cancellationToken))
        {
            errors.Add("name", $"{publisher!.Trim()} {name!.Trim()} is there already.");
            errors.ThrowIfAny("software product");
        }

        var product = new SoftwareProduct { Publisher = publisher!.Trim(), Name = name!.Trim(), MatchKey = key, CreatedAt = time.GetUtcNow().UtcDateTime };
        db.SoftwareProducts.Add(product);
        await db.SaveChangesAsync(cancellationToken);
        return product;
    }

    public async Task<SoftwareVersion> AddVersionAsync(long productId, string? version, CancellationToken cancellationToken)
    {
        if (!await db.SoftwareProducts.AnyAsync(p => p.Id == productId, cancellationToken))
        {
            throw new RecordNotFoundException($"No software product {productId}.");
        }

        var errors = new FieldErrors();
        errors.Length("version", version?.Trim(), SoftwareVersion.VersionLength, required: true);
        errors.ThrowIfAny("software version");
        var versions = await db.SoftwareVersions.Where(v => v.ProductId == productId).ToListAsync(cancellationToken);
        if (versions.Any(v => string.Equals(v.Version, version!.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add("version", $"Version {version!.Trim()} is there already.");
            errors.ThrowIfAny("software version");
        }

        var added = new SoftwareVersion { ProductId = productId, Version = version!.Trim() };
        versions.Add(db.SoftwareVersions.Add(added).Entity);
        Rank(versions);
        await db.SaveChangesAsync(cancellationToken);
        return added;
    }

    /// <summary>Numbers each product's versions from the oldest (1) up.</summary>
    internal static void Rank(IEnumerable<SoftwareVersion> versions)
    {
        foreach (var product in versions.GroupBy(v => v.ProductId))
        {
            var rank = 0;
            foreach (var version in product.Order(Comparer<SoftwareVersion>.Create((a, b) => VersionOrder.Compare(a.Version, b.Version))))
            {
                version.Rank = ++rank;
            }
        }
    }
}
