using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Assets.Software;

/// <summary>
/// Computes each product's compliance from its actual installations and its active entitlements and stores it as a
/// snapshot (the history). The counting is done by the database in grouped queries over a slice of products at a
/// time — distinct devices, distinct users, cores × CPUs of distinct devices, all and licence-covered — so a run
/// over 100,000 installations reads a few rows per product, never the installations themselves.
/// </summary>
public sealed class LicenceComplianceCalculator(ItsmDbContext db, SoftwareOptions options, TimeProvider time)
{
    private const int ProductsPerSlice = 500;

    public async Task<int> RecomputeAllAsync(string trigger, CancellationToken cancellationToken)
    {
        var computed = 0;
        long after = 0;
        while (true)
        {
            var slice = await db.SoftwareProducts.AsNoTracking().Where(p => p.Id > after).OrderBy(p => p.Id).Select(p => p.Id)
                .Take(ProductsPerSlice).ToListAsync(cancellationToken);
            if (slice.Count == 0)
            {
                return computed;
            }

            computed += (await RecomputeAsync(slice, trigger, cancellationToken)).Count;
            after = slice[^1];
        }
    }

    public async Task<IReadOnlyList<LicenceComplianceSnapshot>> RecomputeAsync(IReadOnlyCollection<long> productIds, string trigger, CancellationToken cancellationToken)
    {
        var snapshots = new List<LicenceComplianceSnapshot>(productIds.Count);
        foreach (var slice in productIds.Distinct().Chunk(ProductsPerSlice))
        {
            snapshots.AddRange(await ComputeSliceAsync(slice, trigger, cancellationToken));
        }

        db.LicenceComplianceSnapshots.AddRange(snapshots);
        await db.SaveChangesAsync(cancellationToken);
        return snapshots;
    }

    private async Task<IReadOnlyList<LicenceComplianceSnapshot>> ComputeSliceAsync(long[] products, string trigger, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var active = ActiveOn(db.LicenceEntitlements, today);
        var all = db.SoftwareInstallations.AsNoTracking().Where(i => products.Contains(i.ProductId));

        // Covered: some active licence of the product is for every version, for this one, or for a newer one with downgrade rights.
        var covered = all.Where(i => active.Any(e => e.ProductId == i.ProductId
            && (e.VersionId == null || e.VersionId == i.VersionId || (e.DowngradeRights && e.Version!.Rank >= i.Version!.Rank))));

        var totals = await CountAsync(all, cancellationToken);
        var coveredCounts = await CountAsync(covered, cancellationToken);
        var totalCores = await CoresAsync(all, cancellationToken);
        var coveredCores = await CoresAsync(covered, cancellationToken);
        var staleBefore = now.AddDays(-options.RemovalAfterDays);
        var removal = await all.Where(i => i.LastSeenAt < staleBefore || (i.LastUsedAt != null && i.LastUsedAt < staleBefore))
            .GroupBy(i => i.ProductId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var entitlements = await active.AsNoTracking().Where(e => products.Contains(e.ProductId))
            .Select(e => new { e.Id, e.ProductId, e.Metric, e.Count, e.UnitCost, e.StartsOn })
            .ToListAsync(cancellationToken);

        return products.Select(product =>
        {
            var owned = entitlements.Where(e => e.ProductId == product).ToList();
            var metric = owned.Any(e => e.Metric == LicenceMetric.Site)
                ? LicenceMetric.Site
                : owned.GroupBy(e => e.Metric).OrderByDescending(g => g.Sum(e => e.Count ?? 0)).Select(g => g.Key).FirstOrDefault(LicenceMetric.PerDevice);
            var counted = owned.Where(e => e.Metric == metric).ToList();
            int? rights = metric == LicenceMetric.Site ? null : counted.Sum(e => e.Count ?? 0);
            var total = totals.GetValueOrDefault(product) ?? InstallationCounts.None;
            var inCover = coveredCounts.GetValueOrDefault(product) ?? InstallationCounts.None;
            var (used, usedCovered) = metric switch
            {
                LicenceMetric.PerCore => (totalCores.GetValueOrDefault(product), coveredCores.GetValueOrDefault(product)),
                LicenceMetric.PerUser or LicenceMetric.NamedUser => (total.Users, inCover.Users),
                _ => (total.Devices, inCover.Devices),
            };
            var unitCost = counted.Where(e => e.UnitCost != null).OrderByDescending(e => e.StartsOn).ThenByDescending(e => e.Id).Select(e => e.UnitCost).FirstOrDefault();
            return Snapshot(product, metric, rights, used, usedCovered, unitCost, total, removal.GetValueOrDefault(product), now, trigger);
        }).ToList();
    }

    /// <summary>The numbers of one product: what is used beyond the rights, or not covered by any licence, is the shortfall.</summary>
    private static LicenceComplianceSnapshot Snapshot(long product, LicenceMetric metric, int? rights, int used, int usedCovered, decimal? unitCost,
        InstallationCounts total, int removalCandidates, DateTime now, string trigger)
    {
        var uncovered = used - usedCovered;
        var shortfall = uncovered + (rights is { } owned ? Math.Max(0, usedCovered - owned) : 0);
        var surplus = rights is { } r ? Math.Max(0, r - usedCovered) : 0;
        return new LicenceComplianceSnapshot
        {
            ProductId = product,
            ComputedAt = now,
            Metric = metric,
            Rights = rights,
            Used = used,
            Shortfall = shortfall,
            Surplus = surplus,
            UnitCost = unitCost,
            TrueUpCost = unitCost * shortfall,
            Installations = total.Installations,
            Devices = total.Devices,
            RemovalCandidates = removalCandidates,
            Status = shortfall > 0 ? ComplianceStatus.OverUsed : surplus > 0 ? ComplianceStatus.UnderUsed : ComplianceStatus.Compliant,
            Trigger = trigger,
        };
    }

    /// <summary>Entitlements in force on <paramref name="day"/>.</summary>
    public static IQueryable<LicenceEntitlement> ActiveOn(IQueryable<LicenceEntitlement> entitlements, DateOnly day) =>
        entitlements.Where(e => (e.StartsOn == null || e.StartsOn <= day) && (e.EndsOn == null || e.EndsOn >= day));

    private sealed record InstallationCounts(int Installations, int Devices, int Users)
    {
        public static readonly InstallationCounts None = new(0, 0, 0);
    }

    private static async Task<Dictionary<long, InstallationCounts>> CountAsync(IQueryable<SoftwareInstallation> installations, CancellationToken cancellationToken) =>
        await installations.GroupBy(i => i.ProductId)
            .Select(g => new { g.Key, Installations = g.Count(), Devices = g.Select(i => i.DeviceId).Distinct().Count(), Users = g.Select(i => i.UserName).Distinct().Count() })
            .ToDictionaryAsync(g => g.Key, g => new InstallationCounts(g.Installations, g.Devices, g.Users), cancellationToken);

    // Cores × CPUs of each device once, however many versions it has; a device that did not report them counts 1 × 1.
    private async Task<Dictionary<long, int>> CoresAsync(IQueryable<SoftwareInstallation> installations, CancellationToken cancellationToken) =>
        await installations.Select(i => new { i.ProductId, i.DeviceId }).Distinct()
            .Join(db.SoftwareDevices, i => i.DeviceId, d => d.Id, (i, d) => new { i.ProductId, Cores = (d.Cores ?? 1) * (d.Cpus ?? 1) })
            .GroupBy(x => x.ProductId).Select(g => new { g.Key, Cores = g.Sum(x => x.Cores) })
            .ToDictionaryAsync(g => g.Key, g => g.Cores, cancellationToken);
}
