using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Itsm.Assets.Software;

public sealed record ComplianceView(
    long ProductId, DateTime ComputedAt, LicenceMetric Metric, int? Rights, int Used, int Shortfall, int Surplus, decimal? UnitCost, decimal? TrueUpCost,
    int Installations, int Devices, int RemovalCandidates, ComplianceStatus Status, string Trigger);

/// <summary>A product in the software list, with its latest compliance (none before the first run).</summary>
public sealed record ProductListItem(long Id, string Publisher, string Name, int Versions, ComplianceView? Compliance);

public sealed record VersionView(long Id, string Version, int Rank, int Installations);

public sealed record EntitlementView(
    long Id, long ProductId, string Product, long? VersionId, string? Version, LicenceMetric Metric, int? Count, DateOnly? StartsOn, DateOnly? EndsOn,
    decimal? UnitCost, bool DowngradeRights, string? PurchaseReference, string? Owner, DateTime UpdatedAt, string UpdatedBy);

public sealed record ProductDetails(long Id, string Publisher, string Name, IReadOnlyList<VersionView> Versions, IReadOnlyList<EntitlementView> Entitlements, ComplianceView? Compliance);

public sealed record InstallationView(
    long Id, long DeviceId, string Device, string? Serial, string? ConfigurationItemNumber, int? Cores, int? Cpus, long ProductId, string Product, string Version,
    string? User, DateTime FirstSeenAt, DateTime LastSeenAt, DateTime? LastUsedAt, bool IsRemovalCandidate);

/// <summary>All products' latest compliance in numbers.</summary>
public sealed record ComplianceSummary(int Products, int Compliant, int OverUsed, int UnderUsed, int Shortfall, decimal TrueUpCost, DateTime? ComputedAt);

/// <summary>What the software pages and API read: paged lists, one product, compliance now and before, licences ending.</summary>
public sealed class SoftwareQueries(ItsmDbContext db, SoftwareOptions options, TimeProvider time)
{
    private IQueryable<LicenceComplianceSnapshot> Latest =>
        db.LicenceComplianceSnapshots.AsNoTracking().Where(s => s.Id == db.LicenceComplianceSnapshots.Where(x => x.ProductId == s.ProductId).Max(x => x.Id));

    public async Task<Page<ProductListItem>> ProductsAsync(string? text, ComplianceStatus? status, int page, int pageSize, CancellationToken cancellationToken)
    {
        var products = db.SoftwareProducts.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(text))
        {
            var key = text.Trim().ToUpperInvariant();
            products = products.Where(p => p.MatchKey.Contains(key));
        }

        if (status is { } wanted)
        {
            products = products.Where(p => Latest.Any(s => s.ProductId == p.Id && s.Status == wanted));
        }

        var total = await products.CountAsync(cancellationToken);
        var rows = await products.OrderBy(p => p.Name).ThenBy(p => p.Publisher).ThenBy(p => p.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(p => new { p.Id, p.Publisher, p.Name, Versions = db.SoftwareVersions.Count(v => v.ProductId == p.Id) })
            .ToListAsync(cancellationToken);
        var compliance = await LatestOfAsync(rows.Select(r => r.Id).ToList(), cancellationToken);
        return new Page<ProductListItem>(rows.Select(r => new ProductListItem(r.Id, r.Publisher, r.Name, r.Versions, compliance.GetValueOrDefault(r.Id))).ToList(), total, page, pageSize);
    }

    public async Task<ProductDetails?> ProductAsync(long id, CancellationToken cancellationToken)
    {
        var product = await db.SoftwareProducts.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (product is null)
        {
            return null;
        }

        var versions = await db.SoftwareVersions.AsNoTracking().Where(v => v.ProductId == id).OrderByDescending(v => v.Rank)
            .Select(v => new VersionView(v.Id, v.Version, v.Rank, db.SoftwareInstallations.Count(i => i.VersionId == v.Id)))
            .ToListAsync(cancellationToken);
        var entitlements = await Entitlements(db.LicenceEntitlements.Where(e => e.ProductId == id).OrderBy(e => e.EndsOn).ThenBy(e => e.Id)).ToListAsync(cancellationToken);
        var compliance = await LatestOfAsync([id], cancellationToken);
        return new ProductDetails(product.Id, product.Publisher, product.Name, versions, entitlements, compliance.GetValueOrDefault(id));
    }

    public async Task<ComplianceView?> ComplianceAsync(long productId, CancellationToken cancellationToken) =>
        (await LatestOfAsync([productId], cancellationToken)).GetValueOrDefault(productId);

    /// <exception cref="RecordNotFoundException">No such product.</exception>
    public async Task<Page<ComplianceView>> ComplianceHistoryAsync(long productId, int page, int pageSize, CancellationToken cancellationToken)
    {
        var snapshots = db.LicenceComplianceSnapshots.AsNoTracking().Where(s => s.ProductId == productId);
        var total = await snapshots.CountAsync(cancellationToken);
        if (total == 0 && !await db.SoftwareProducts.AnyAsync(p => p.Id == productId, cancellationToken))
        {
            throw new RecordNotFoundException($"No software product {productId}.");
        }

        var items = await Views(snapshots.OrderByDescending(s => s.Id).Skip((page - 1) * pageSize).Take(pageSize)).ToListAsync(cancellationToken);
        return new Page<ComplianceView>(items, total, page, pageSize);
    }

    public async Task<ComplianceSummary> SummaryAsync(CancellationToken cancellationToken)
    {
        // One row per product (its latest run), summed here: SQLite cannot sum decimals.
        var latest = await Latest.Select(s => new { s.Status, s.Shortfall, s.TrueUpCost, s.ComputedAt }).ToListAsync(cancellationToken);
        int Of(ComplianceStatus status) => latest.Count(s => s.Status == status);
        return new ComplianceSummary(await db.SoftwareProducts.CountAsync(cancellationToken), Of(ComplianceStatus.Compliant), Of(ComplianceStatus.OverUsed),
            Of(ComplianceStatus.UnderUsed), latest.Sum(s => s.Shortfall), latest.Sum(s => s.TrueUpCost ?? 0), latest.Count == 0 ? null : latest.Max(s => s.ComputedAt));
    }

    /// <summary>Installations, of one product or all, optionally only the removal candidates (not seen, or not used, for the set number of days).</summary>
    public async Task<Page<InstallationView>> InstallationsAsync(long? productId, string? device, bool removalCandidatesOnly, int page, int pageSize, CancellationToken cancellationToken)
    {
        var staleBefore = time.GetUtcNow().UtcDateTime.AddDays(-options.RemovalAfterDays);
        var installations = db.SoftwareInstallations.AsNoTracking();
        if (productId is { } product)
        {
            installations = installations.Where(i => i.ProductId == product);
        }

        if (!string.IsNullOrWhiteSpace(device))
        {
            var key = device.Trim().ToUpperInvariant();
            installations = installations.Where(i => i.Device!.NameKey.Contains(key) || (i.Device.SerialKey != null && i.Device.SerialKey == key));
        }

        if (removalCandidatesOnly)
        {
            installations = installations.Where(i => i.LastSeenAt < staleBefore || (i.LastUsedAt != null && i.LastUsedAt < staleBefore));
        }

        var total = await installations.CountAsync(cancellationToken);
        var items = await installations.OrderBy(i => i.Device!.NameKey).ThenBy(i => i.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(i => new InstallationView(i.Id, i.DeviceId, i.Device!.Name, i.Device.Serial, i.Device.ConfigurationItemNumber, i.Device.Cores, i.Device.Cpus,
                i.ProductId, db.SoftwareProducts.Where(p => p.Id == i.ProductId).Select(p => p.Name).First(), i.Version!.Version, i.UserName, i.FirstSeenAt, i.LastSeenAt, i.LastUsedAt,
                i.LastSeenAt < staleBefore || (i.LastUsedAt != null && i.LastUsedAt < staleBefore)))
            .ToListAsync(cancellationToken);
        return new Page<InstallationView>(items, total, page, pageSize);
    }

    public async Task<Page<EntitlementView>> EntitlementsAsync(long? productId, int page, int pageSize, CancellationToken cancellationToken)
    {
        var entitlements = db.LicenceEntitlements.AsNoTracking();
        if (productId is { } product)
        {
            entitlements = entitlements.Where(e => e.ProductId == product);
        }

        var total = await entitlements.CountAsync(cancellationToken);
        var items = await Entitlements(entitlements.OrderBy(e => e.Id).Skip((page - 1) * pageSize).Take(pageSize)).ToListAsync(cancellationToken);
        return new Page<EntitlementView>(items, total, page, pageSize);
    }

    public Task<EntitlementView?> EntitlementAsync(long id, CancellationToken cancellationToken) =>
        Entitlements(db.LicenceEntitlements.Where(e => e.Id == id)).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Entitlements ending from today to <paramref name="days"/> days ahead, the soonest first.</summary>
    public async Task<Page<EntitlementView>> ExpiringAsync(int days, int page, int pageSize, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var until = today.AddDays(days);
        var expiring = db.LicenceEntitlements.AsNoTracking().Where(e => e.EndsOn != null && e.EndsOn >= today && e.EndsOn <= until);
        var total = await expiring.CountAsync(cancellationToken);
        var items = await Entitlements(expiring.OrderBy(e => e.EndsOn).ThenBy(e => e.Id).Skip((page - 1) * pageSize).Take(pageSize)).ToListAsync(cancellationToken);
        return new Page<EntitlementView>(items, total, page, pageSize);
    }

    private IQueryable<EntitlementView> Entitlements(IQueryable<LicenceEntitlement> entitlements) =>
        entitlements.AsNoTracking().Select(e => new EntitlementView(e.Id, e.ProductId, db.SoftwareProducts.Where(p => p.Id == e.ProductId).Select(p => p.Publisher + " " + p.Name).First(),
            e.VersionId, e.Version == null ? null : e.Version.Version, e.Metric, e.Count, e.StartsOn, e.EndsOn, e.UnitCost, e.DowngradeRights, e.PurchaseReference, e.Owner,
            e.UpdatedAt, e.UpdatedBy));

    private async Task<Dictionary<long, ComplianceView>> LatestOfAsync(IReadOnlyCollection<long> productIds, CancellationToken cancellationToken) =>
        await Views(Latest.Where(s => productIds.Contains(s.ProductId))).ToDictionaryAsync(s => s.ProductId, cancellationToken);

    private static IQueryable<ComplianceView> Views(IQueryable<LicenceComplianceSnapshot> snapshots) =>
        snapshots.Select(s => new ComplianceView(s.ProductId, s.ComputedAt, s.Metric, s.Rights, s.Used, s.Shortfall, s.Surplus, s.UnitCost, s.TrueUpCost,
            s.Installations, s.Devices, s.RemovalCandidates, s.Status, s.Trigger));
}
