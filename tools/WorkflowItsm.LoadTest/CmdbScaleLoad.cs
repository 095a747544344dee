using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Assets.Software;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Configuration.Reconciliation;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Persistence.PostgreSql;

using static WorkflowItsm.LoadTest.RuntimeServices;

namespace WorkflowItsm.LoadTest;

/// <summary>
/// The CMDB and licence figures at scale on PostgreSQL: seeds a CMDB (<see cref="CmdbSeeder"/>: 100,000 CIs and about
/// 500,000 relations by default) and times impact analysis (<see cref="ImpactAnalysis"/>, as the incident page and
/// the API call it) of CIs chosen at random, downstream from any CI and upstream from business services, one call at a
/// time; then seeds software (installations on devices, two entitlements per product) and times full compliance runs
/// (<see cref="LicenceComplianceCalculator.RecomputeAllAsync"/>, as the nightly job does). Prints the process's peak
/// memory, which stays bounded because neither the analysis nor the compliance run loads the tables.
/// </summary>
internal static class CmdbScaleLoad
{
    private const int ComplianceRuns = 3;

    public static async Task RunAsync(string connectionString, int cis, int installations, int entitlements, int samples, int warmup, int importRows)
    {
        await using var services = Build(new PostgreSqlDatabaseProvider(), connectionString, s => s.AddSoftwareAssets());
        await InScope(services, s => s.GetRequiredService<ItsmDbContext>().Database.MigrateAsync());

        if (await EnsureCmdbAsync(services, connectionString, cis) is not { } seeder)
        {
            return;
        }

        await MeasureImpactAsync(services, seeder, samples, warmup);
        if (importRows > 0)
        {
            await MeasureImportAsync(services, seeder, importRows);
        }

        await MeasureComplianceAsync(services, connectionString, installations, entitlements);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set of the load process: {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024:N0} MB"));
    }

    /// <summary>Seeds the CMDB layout of <see cref="CmdbSeeder"/> into an empty database; null (and says why) when the database holds another.</summary>
    internal static async Task<CmdbSeeder?> EnsureCmdbAsync(IServiceProvider services, string connectionString, int cis)
    {
        var seeder = new CmdbSeeder(connectionString, cis);
        var existing = await InScope(services, s => s.GetRequiredService<ItsmDbContext>().ConfigurationItems.LongCountAsync());
        if (existing == 0)
        {
            await InScope(services, async s =>
            {
                var db = s.GetRequiredService<ItsmDbContext>();
                var classes = await db.CiClasses.AsNoTracking().ToDictionaryAsync(c => c.Key, c => c.Id);
                var types = await db.CiRelationTypes.AsNoTracking().ToDictionaryAsync(t => t.Key, t => t.Id);
                var minUp = await db.CiAttributes.AsNoTracking()
                    .Where(a => a.Key == CmdbSeed.MinUp && a.ClassId == classes[CmdbSeed.ApplicationCluster]).Select(a => a.Id).SingleAsync();
                await seeder.SeedAsync(classes, types, minUp);
            });
        }
        else if (existing != seeder.Total)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"the database holds {existing:N0} CIs, not the {seeder.Total:N0} this layout makes: give an empty database"));
            return null;
        }

        return seeder;
    }

    private static async Task MeasureImpactAsync(IServiceProvider services, CmdbSeeder seeder, int samples, int warmup)
    {
        var latencies = new LatencyRecorder();
        var reachedByLine = new Dictionary<string, List<int>>();
        var random = new Random(23);

        async Task SampleAsync(string line, string number, ImpactDirection direction, bool measured)
        {
            var start = Stopwatch.GetTimestamp();
            var result = await InScope(services, s => s.GetRequiredService<ImpactAnalysis>().AnalyzeAsync(number, direction, ImpactAnalysis.DefaultDepth, default));
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (!measured)
            {
                return;
            }

            latencies.Add(line, elapsed);
            (reachedByLine.TryGetValue(line, out var reached) ? reached : reachedByLine[line] = []).Add(result.Items.Count);
        }

        for (var i = 0; i < warmup + samples; i++)
        {
            var measured = i >= warmup;
            var id = 1 + random.NextInt64(seeder.Total);
            var classKey = seeder.ClassOf(id);
            var start = Stopwatch.GetTimestamp();
            await SampleAsync($"downstream: {classKey}", CmdbSeeder.Number(id), ImpactDirection.Downstream, measured);
            if (measured)
            {
                latencies.Add("downstream: any CI (uniform)", Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            var service = CmdbSeeder.Id(random.Next(seeder.Domains), 0);
            await SampleAsync("upstream: business service", CmdbSeeder.Number(service), ImpactDirection.Upstream, measured);
        }

        // The widest case: a core switch, which a tenth of the estate reaches through its access switches.
        for (var i = 0; i < Math.Min(20, samples); i++)
        {
            await SampleAsync("downstream: core switch", CmdbSeeder.Number(seeder.NetworkDevice(i % CmdbSeeder.CoreSwitches)), ImpactDirection.Downstream, measured: true);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"impact analysis (ImpactAnalysis, depth {ImpactAnalysis.DefaultDepth}, redundancy weighed), {warmup} warm-up + {samples} measured, one call at a time, ms:"));
        latencies.Print(Console.Out);
        Console.WriteLine("CIs reached (median / max):");
        foreach (var (line, reached) in reachedByLine.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            var sorted = reached.Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {line}: {sorted[sorted.Length / 2]:N0} / {sorted[^1]:N0}"));
        }
    }

    /// <summary>
    /// A discovery import of <paramref name="rows"/> CSV rows, half of them servers and virtual machines the CMDB has
    /// (found by name, given a serial number and RAM: updates), half new servers (inserts): the dry run, then the
    /// commit, each streamed from the file as the API streams an upload.
    /// </summary>
    private static async Task MeasureImportAsync(IServiceProvider services, CmdbSeeder seeder, int rows)
    {
        var file = Path.Combine(Path.GetTempPath(), $"cmdb-import-{Environment.ProcessId}.csv");
        await using (var writer = new StreamWriter(file))
        {
            await writer.WriteLineAsync("class,name,serialNumber,ramGb");
            var known = 0;
            for (var id = 1L; id <= seeder.Total && known < rows / 2; id++)
            {
                if (seeder.ClassOf(id) is CmdbSeed.Server or CmdbSeed.VirtualMachine)
                {
                    await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{seeder.ClassOf(id)},{seeder.Name(id).ToUpperInvariant()},SN-{id},{16 + id % 4 * 16}"));
                    known++;
                }
            }

            for (var i = known; i < rows; i++)
            {
                await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{CmdbSeed.Server},new-server-{i},NSN-{i},64"));
            }
        }

        try
        {
            async IAsyncEnumerable<CiImportRow> Rows()
            {
                using var reader = new StreamReader(file);
                await foreach (var row in CiImport.ReadCsvAsync(reader))
                {
                    yield return row;
                }
            }

            foreach (var commit in new[] { false, true })
            {
                var watch = Stopwatch.StartNew();
                var plan = await InScope(services, s => commit
                    ? s.GetRequiredService<CiImport>().CommitAsync("discovery", Rows, "load", default)
                    : s.GetRequiredService<CiImport>().PlanAsync("discovery", Rows, default));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"CI import of {plan.Rows:N0} CSV rows ({(commit ? "commit" : "dry run")}, CiImport, batches of {CiImport.BatchSize}): {watch.Elapsed.TotalSeconds:F1} s — {plan.Inserts:N0} inserts, {plan.Updates:N0} updates, {plan.Unchanged:N0} unchanged, {plan.Ambiguous:N0} ambiguous, {plan.Invalid:N0} invalid; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024:N0} MB"));
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task MeasureComplianceAsync(IServiceProvider services, string connectionString, int installations, int entitlements)
    {
        var products = Math.Max(1, entitlements / 2);
        const int InstallationsPerDevice = 5;
        var devices = Math.Max(1, installations / InstallationsPerDevice);
        var hasSoftware = await InScope(services, s => s.GetRequiredService<ItsmDbContext>().SoftwareInstallations.AnyAsync());
        if (!hasSoftware)
        {
            var watch = Stopwatch.StartNew();
            await using var connection = new Npgsql.NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            // Each device has five different products (one version each, so a product's versions spread over the
            // devices); each product a per-device, per-user or per-core entitlement with an end date, and a per-device
            // one for its newest version with downgrade rights.
            await using var command = new Npgsql.NpgsqlCommand(string.Create(CultureInfo.InvariantCulture, $"""
                INSERT INTO "SoftwareProducts" ("Id", "Publisher", "Name", "MatchKey", "CreatedAt")
                SELECT p, 'Publisher ' || (p % 50), 'Product ' || p, 'publisher ' || (p % 50) || '|product ' || p, now() FROM generate_series(1, {products}) p;
                INSERT INTO "SoftwareVersions" ("Id", "ProductId", "Version", "Rank")
                SELECT (p - 1) * 3 + v, p, v || '.0', v FROM generate_series(1, {products}) p, generate_series(1, 3) v;
                INSERT INTO "SoftwareDevices" ("Id", "Name", "NameKey", "Serial", "SerialKey", "Cores", "Cpus", "LastSeenAt")
                SELECT d, 'DEV-' || d, 'dev-' || d, 'SN' || d, 'sn' || d, 8 + (d % 3) * 8, 1 + d % 2, now() FROM generate_series(1, {devices}) d;
                INSERT INTO "SoftwareInstallations" ("DeviceId", "ProductId", "VersionId", "UserName", "FirstSeenAt", "LastSeenAt", "LastUsedAt")
                SELECT d, x.p, (x.p - 1) * 3 + 1 + (d + k) % 3, 'user' || (d % {Math.Max(1, devices / 4)}), now() - interval '100 days', now(),
                       CASE WHEN d % 10 = 0 THEN NULL ELSE now() - interval '3 days' END
                FROM generate_series(1, {devices}) d, generate_series(0, {InstallationsPerDevice - 1}) k,
                     LATERAL (SELECT (d * 7 + k * ({products} / {InstallationsPerDevice})) % {products} + 1 AS p) x;
                INSERT INTO "LicenceEntitlements" ("ProductId", "VersionId", "Metric", "Count", "StartsOn", "EndsOn", "UnitCost", "DowngradeRights", "PurchaseReference", "CreatedAt", "UpdatedAt", "UpdatedBy")
                SELECT p, NULL, CASE p % 4 WHEN 0 THEN 'PerCore' WHEN 1 THEN 'PerUser' ELSE 'PerDevice' END, 150 + p % 100,
                       current_date - 300, current_date + 65 + p % 300, 20.00, false, 'PO-' || p, now(), now(), 'load' FROM generate_series(1, {products}) p
                UNION ALL
                SELECT p, (p - 1) * 3 + 3, 'PerDevice', 50, current_date - 100, NULL, 35.00, true, 'PO-N-' || p, now(), now(), 'load' FROM generate_series(1, {products}) p;
                SELECT setval(pg_get_serial_sequence('"SoftwareProducts"', 'Id'), {products});
                SELECT setval(pg_get_serial_sequence('"SoftwareVersions"', 'Id'), {products * 3});
                SELECT setval(pg_get_serial_sequence('"SoftwareDevices"', 'Id'), {devices});
                ANALYZE "SoftwareProducts"; ANALYZE "SoftwareVersions"; ANALYZE "SoftwareDevices"; ANALYZE "SoftwareInstallations"; ANALYZE "LicenceEntitlements";
                """), connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"seeded {products:N0} products, {devices * InstallationsPerDevice:N0} installations on {devices:N0} devices and {products * 2:N0} entitlements in {watch.Elapsed.TotalSeconds:F0} s"));
        }

        var seconds = new List<double>();
        var computed = 0;
        for (var run = 0; run < ComplianceRuns; run++)
        {
            var watch = Stopwatch.StartNew();
            computed = await InScope(services, s => s.GetRequiredService<LicenceComplianceCalculator>().RecomputeAllAsync("load", default));
            seconds.Add(watch.Elapsed.TotalSeconds);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"compliance run (LicenceComplianceCalculator.RecomputeAllAsync) over {computed:N0} products: {string.Join(", ", seconds.Select(s => s.ToString("F2", CultureInfo.InvariantCulture)))} s, median {seconds.Order().ElementAt(seconds.Count / 2):F2} s"));
    }
}
