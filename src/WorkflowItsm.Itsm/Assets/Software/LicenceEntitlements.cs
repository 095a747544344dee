using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Assets.Software;

/// <summary>An entitlement as it is entered or changed (every field given: a change replaces them all).</summary>
public sealed record EntitlementInput
{
    public long? ProductId { get; init; }
    public long? VersionId { get; init; }
    public LicenceMetric? Metric { get; init; }
    public int? Count { get; init; }
    public DateOnly? StartsOn { get; init; }
    public DateOnly? EndsOn { get; init; }
    public decimal? UnitCost { get; init; }
    public bool DowngradeRights { get; init; }
    public string? PurchaseReference { get; init; }
    public string? Owner { get; init; }
}

/// <summary>Adds, changes and removes entitlements; the product's compliance is computed again after each.</summary>
public sealed class LicenceEntitlements(ItsmDbContext db, LicenceComplianceCalculator compliance, TimeProvider time)
{
    public const string Kind = "licence entitlement";

    public async Task<LicenceEntitlement> AddAsync(EntitlementInput input, string by, CancellationToken cancellationToken)
    {
        await ValidateAsync(input, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var entitlement = new LicenceEntitlement { CreatedAt = now, UpdatedBy = by };
        Apply(entitlement, input, now, by);
        db.LicenceEntitlements.Add(entitlement);
        await db.SaveChangesAsync(cancellationToken);
        await compliance.RecomputeAsync([entitlement.ProductId], "entitlement", cancellationToken);
        return entitlement;
    }

    public async Task<LicenceEntitlement> UpdateAsync(long id, EntitlementInput input, string by, CancellationToken cancellationToken)
    {
        var entitlement = await db.LicenceEntitlements.FirstOrDefaultAsync(e => e.Id == id, cancellationToken) ?? throw NotFound(id);
        await ValidateAsync(input, cancellationToken);
        var before = entitlement.ProductId;
        Apply(entitlement, input, time.GetUtcNow().UtcDateTime, by);
        await db.SaveChangesAsync(cancellationToken);
        await compliance.RecomputeAsync([before, entitlement.ProductId], "entitlement", cancellationToken);
        return entitlement;
    }

    public async Task DeleteAsync(long id, CancellationToken cancellationToken)
    {
        var entitlement = await db.LicenceEntitlements.FirstOrDefaultAsync(e => e.Id == id, cancellationToken) ?? throw NotFound(id);
        db.LicenceEntitlements.Remove(entitlement);
        await db.SaveChangesAsync(cancellationToken);
        await compliance.RecomputeAsync([entitlement.ProductId], "entitlement", cancellationToken);
    }

    public static RecordNotFoundException NotFound(long id) => new($"No licence entitlement {id}.");

    private static void Apply(LicenceEntitlement entitlement, EntitlementInput input, DateTime now, string by)
    {
        entitlement.ProductId = input.ProductId!.Value;
        entitlement.VersionId = input.VersionId;
        entitlement.Metric = input.Metric!.Value;
        entitlement.Count = input.Metric == LicenceMetric.Site ? null : input.Count;
        entitlement.StartsOn = input.StartsOn;
        entitlement.EndsOn = input.EndsOn;
        entitlement.UnitCost = input.UnitCost;
        entitlement.DowngradeRights = input.DowngradeRights;
        entitlement.PurchaseReference = string.IsNullOrWhiteSpace(input.PurchaseReference) ? null : input.PurchaseReference.Trim();
        entitlement.Owner = string.IsNullOrWhiteSpace(input.Owner) ? null : input.Owner.Trim();
        entitlement.UpdatedAt = now;
        entitlement.UpdatedBy = by;
    }

    private async Task ValidateAsync(EntitlementInput input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (input.ProductId is not { } product || !await db.SoftwareProducts.AnyAsync(p => p.Id == product, cancellationToken))
        {
            errors.Add("productId", input.ProductId is null ? "Product is required." : $"There is no software product {input.ProductId}.");
        }
        else if (input.VersionId is { } version && !await db.SoftwareVersions.AnyAsync(v => v.Id == version && v.ProductId == product, cancellationToken))
        {
            errors.Add("versionId", $"The product has no version {version}.");
        }

        if (input.Metric is null)
        {
            errors.Add("metric", "Metric is required: per device, per user, per core, named user or site.");
        }
        else if (input.Metric != LicenceMetric.Site && input.Count is not > 0)
        {
            errors.Add("count", "Count is required: how many rights were bought (1 or more).");
        }

        if (input.Count is > 10_000_000)
        {
            errors.Add("count", "Count is at most 10,000,000.");
        }

        if (input.UnitCost is < 0 or > 100_000_000m)
        {
            errors.Add("unitCost", "Unit cost is between 0 and 100,000,000.");
        }

        if (input.StartsOn is { } start && input.EndsOn is { } end && end < start)
        {
            errors.Add("endsOn", "Ends on is after starts on.");
        }

        errors.Length("purchaseReference", input.PurchaseReference?.Trim(), LicenceEntitlement.TextLength);
        errors.Length("owner", input.Owner?.Trim(), 256);
        if (!string.IsNullOrWhiteSpace(input.Owner) && !await db.Users.AnyAsync(u => u.UserName == input.Owner.Trim(), cancellationToken))
        {
            errors.Add("owner", $"There is nobody '{input.Owner.Trim()}' in the directory.");
        }

        errors.ThrowIfAny(Kind);
    }
}
