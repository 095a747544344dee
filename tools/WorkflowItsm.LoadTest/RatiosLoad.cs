using System.Globalization;
using WorkflowItsm.Persistence.PostgreSql;
using WorkflowItsm.Persistence.Sqlite;
using WorkflowItsm.Testing;

namespace WorkflowItsm.LoadTest;

/// <summary>
/// The durable hot path's targets measured side by side in one run, so the machine's noise moves both sides of a
/// ratio alike: on one throwaway PostgreSQL cluster the database floor and the runtime in process (8 clients each),
/// then the real host over HTTP and the runtime in process on that same database (32 clients each), then the
/// runtime in process on SQLite (4 clients). Prints each side, the ratios and the targets.
/// </summary>
internal static class RatiosLoad
{
    private const int Cores = 2;

    public static async Task RunAsync(int warmup, int rounds, int lifecycles, string? webDll, IReadOnlySet<string> parts, int httpClients)
    {
        var lines = new List<string>();
        void Report(string line)
        {
            lines.Add(line);
            Console.WriteLine(line);
        }

        var server = new PostgreSqlServer();
        await server.InitializeAsync();
        try
        {
            if (parts.Contains("postgres"))
            {
                var floor = await MeasureAsync("PostgreSQL floor", 8, warmup, rounds, lifecycles,
                    async (driver, latencies) => await FloorLoad.RunAsync(await server.CreateDatabaseAsync("floor"), driver, latencies));
                var inProcess = await MeasureAsync("PostgreSQL in process", 8, warmup, rounds, lifecycles,
                    async (driver, latencies) => await InProcessLoad.RunAsync(new PostgreSqlDatabaseProvider(), await server.CreateDatabaseAsync("load"), driver, latencies));
                Report(Line("PostgreSQL in process / floor, 8 clients", inProcess.PerSecond / floor.PerSecond, "≥ 0.50",
                    $"{inProcess.PerSecond:F0} / {floor.PerSecond:F0} lifecycles/s"));
            }

            if (parts.Contains("http") && webDll is null)
            {
                Report("HTTP: skipped, no Release build of the host (dotnet build src/WorkflowItsm.Web -c Release, or --web path/WorkflowItsm.Web.dll)");
            }
            else if (parts.Contains("http") && webDll is not null)
            {
                var connectionString = await server.CreateDatabaseAsync("http");
                var folder = TestEnvironment.CreateTempFolder("load-host");
                Measured http;
                await using (var host = await HostUnderLoad.StartAsync(webDll, "PostgreSql", connectionString, folder))
                {
                    // The host deployed the product's incident workflow (incident records, SLA clocks, confirmation);
                    // both sides run the load's lifecycle instead, deployed as the key's latest version.
                    await InProcessLoad.DeployAsync(new PostgreSqlDatabaseProvider(), connectionString);
                    http = await MeasureAsync("HTTP (the host, PostgreSQL)", httpClients, warmup, rounds, lifecycles,
                        (driver, latencies) => HttpLoad.RunAsync(host.Address, "admin", HostUnderLoad.AdminPassword, httpClients, driver, latencies));
                }

                var sameDatabase = await MeasureAsync("in process on the host's database", httpClients, warmup, rounds, lifecycles,
                    (driver, latencies) => InProcessLoad.RunAsync(new PostgreSqlDatabaseProvider(), connectionString, driver, latencies));
                Report(Line($"HTTP / in process, same database, {httpClients} clients", http.PerSecond / sameDatabase.PerSecond, "≥ 0.60",
                    $"{http.PerSecond:F0} / {sameDatabase.PerSecond:F0} lifecycles/s, HTTP p99 {http.WorstP99:F0} ms (target ≤ 250)"));
                Directory.Delete(folder, recursive: true);
            }
        }
        finally
        {
            await server.DisposeAsync();
        }

        if (!parts.Contains("sqlite"))
        {
            Summarize(lines);
            return;
        }

        var sqliteFolder = TestEnvironment.CreateTempFolder("load-sqlite");
        var sqlite = await MeasureAsync("SQLite in process", 4, warmup, rounds, lifecycles,
            (driver, latencies) => InProcessLoad.RunAsync(new SqliteDatabaseProvider(), $"Data Source={Path.Combine(sqliteFolder, "load.db")}", driver, latencies));
        Directory.Delete(sqliteFolder, recursive: true);
        Report(string.Create(CultureInfo.InvariantCulture, $"SQLite in process, 4 clients: {sqlite.PerSecond:F0} lifecycles/s (target ≥ 300), {sqlite.CpuMs:F2} ms client CPU per lifecycle"));

        Summarize(lines);
    }

    private static void Summarize(List<string> lines)
    {
        Console.WriteLine();
        Console.WriteLine("summary (medians of rounds; per core = ÷ 2 cores, the database server on the same cores):");
        foreach (var line in lines)
        {
            Console.WriteLine("  " + line);
        }

        Console.WriteLine("  published, per core: Flowable ~1,089 process instances/s on 8 CPUs ≈ 136; Zeebe ~250 PI/s on 3 × 2 CPUs ≈ 42 (their processes and hardware, not this lifecycle)");
    }

    private sealed record Measured(double PerSecond, double WorstP99, double CpuMs);

    private static async Task<Measured> MeasureAsync(string what, int clients, int warmup, int rounds, int lifecycles,
        Func<LoadDriver, LatencyRecorder, Task<IReadOnlyList<double>>> run)
    {
        var driver = new LoadDriver(clients, warmup, rounds, lifecycles);
        var latencies = new LatencyRecorder();
        var perSecond = await run(driver, latencies);
        var median = perSecond.Order().ElementAt(perSecond.Count / 2);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}, {clients} clients: rounds {string.Join(", ", perSecond.Select(p => p.ToString("F0", CultureInfo.InvariantCulture)))} → median {median:F0} lifecycles/s ({median / Cores:F0} per core), {driver.ClientWork}"));
        latencies.Print(Console.Out);
        return new Measured(median, latencies.WorstPercentile(99), driver.ClientCpuMsPerLifecycle);
    }

    private static string Line(string what, double ratio, string target, string detail) =>
        string.Create(CultureInfo.InvariantCulture, $"{what}: {ratio:F2} (target {target}; {detail})");
}
