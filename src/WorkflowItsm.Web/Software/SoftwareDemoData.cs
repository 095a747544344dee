using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Assets.Software;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Web.Software;

/// <summary>
/// Demo software: an office suite on the laptops with two rights too few (over-used), a PDF editor with rights to
/// spare (under-used) ending within the month, a database server licensed per core on two servers, and a site
/// licence for endpoint protection. Nothing is done when software is there already.
/// </summary>
internal static class SoftwareDemoData
{
    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<ItsmDbContext>();
        if (await db.SoftwareProducts.AnyAsync(cancellationToken))
        {
            return;
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var laptops = Enumerable.Range(1, 14).Select(n => $"LT-{(n % 2 == 0 ? "ELITEBOOK" : "THINKPAD")}-{n:D3}").ToList();
        string[] people = ["ana", "ben", "chris", "dana", "eli", "rita", "sam", "tom", "una", "victor"];
        var reports = new List<InstallationReport>();
        for (var i = 0; i < laptops.Count; i++)
        {
            var user = people[i % people.Length];
            reports.Add(Report(laptops[i], $"5CG{3401 + i}XK", "Microsoft", "Microsoft 365 Apps", i < 3 ? "2308" : "2402", 4, 1, user, now.AddHours(-i)));
            reports.Add(Report(laptops[i], $"5CG{3401 + i}XK", "Sophos", "Endpoint Protection", "2023.2", 4, 1, user, now.AddHours(-i)));
            if (i < 6)
            {
                // One of them has not reported for weeks: a removal candidate.
                reports.Add(Report(laptops[i], $"5CG{3401 + i}XK", "Adobe", "Acrobat Pro", i == 0 ? "2020" : "2024", 4, 1, user, i == 5 ? now.AddDays(-45) : now.AddHours(-i)));
            }
        }

        reports.Add(Report("SRV-SQL-01", "CZ2240AB01", "Microsoft", "SQL Server Enterprise", "2022", 16, 2, null, now));
        reports.Add(Report("SRV-SQL-02", "CZ2240AB02", "Microsoft", "SQL Server Enterprise", "2019", 8, 2, null, now));
        reports.Add(Report("SRV-SQL-01", "CZ2240AB01", "Sophos", "Endpoint Protection", "2023.2", 16, 2, null, now));
        await services.GetRequiredService<InstallationImport>().ImportAsync(reports, cancellationToken);

        var products = await db.SoftwareProducts.AsNoTracking().ToDictionaryAsync(p => p.Name, p => p.Id, cancellationToken);
        var sql2022 = await db.SoftwareVersions.Where(v => v.ProductId == products["SQL Server Enterprise"] && v.Version == "2022").Select(v => v.Id).SingleAsync(cancellationToken);
        var today = DateOnly.FromDateTime(now);
        var entitlements = services.GetRequiredService<LicenceEntitlements>();
        EntitlementInput[] bought =
        [
            new() { ProductId = products["Microsoft 365 Apps"], Metric = LicenceMetric.PerDevice, Count = 12, UnitCost = 264m, StartsOn = today.AddMonths(-10), EndsOn = today.AddMonths(2), PurchaseReference = "PO-2025-0418", Owner = "dana" },
            new() { ProductId = products["Acrobat Pro"], Metric = LicenceMetric.PerUser, Count = 10, UnitCost = 180m, StartsOn = today.AddMonths(-11), EndsOn = today.AddDays(20), PurchaseReference = "PO-2025-0377", Owner = "ana" },
            new() { ProductId = products["SQL Server Enterprise"], VersionId = sql2022, Metric = LicenceMetric.PerCore, Count = 48, UnitCost = 6_900m, DowngradeRights = true, StartsOn = today.AddYears(-1), EndsOn = today.AddDays(60), PurchaseReference = "EA-7781-SQL" },
            new() { ProductId = products["Endpoint Protection"], Metric = LicenceMetric.Site, StartsOn = today.AddYears(-2), EndsOn = today.AddDays(6), PurchaseReference = "SITE-SOPHOS-2024", Owner = "dana" },
        ];
        foreach (var entitlement in bought)
        {
            await entitlements.AddAsync(entitlement, "dana", cancellationToken);
        }
    }

    private static InstallationReport Report(string device, string serial, string publisher, string product, string version, int cores, int cpus, string? user, DateTime lastSeen) =>
        new() { Device = device, Serial = serial, Publisher = publisher, Product = product, Version = version, Cores = cores, Cpus = cpus, User = user, LastSeen = lastSeen };
}
