using System.Globalization;
using WorkflowItsm.LoadTest;
using WorkflowItsm.Persistence.PostgreSql;
using WorkflowItsm.Persistence.Sqlite;
using WorkflowItsm.Testing;

// Load tool for the durable runtime (incident-triage lifecycles) and for incidents at scale. Examples:
//   dotnet run -c Release --project tools/WorkflowItsm.LoadTest -- inprocess --db sqlite --clients 8
//   dotnet run -c Release --project tools/WorkflowItsm.LoadTest -- inprocess --db postgres --clients 16 --rounds 5 --lifecycles 4000
//   dotnet run -c Release --project tools/WorkflowItsm.LoadTest -- http --url http://127.0.0.1:5080 --password ... --clients 32
//   dotnet run -c Release --project tools/WorkflowItsm.LoadTest -- timers --pending 100000 --probes 2000 --probe-rate 50
//   dotnet run -c Release --project tools/WorkflowItsm.LoadTest -- floor --clients 8   (the same rows by hand-made SQL: the database's bound)
//   dotnet run -c Release --project tools/WorkflowItsm.LoadTest -- ratios   (floor, in process, HTTP and SQLite side by side, with the ratios)
//   dotnet run -c Release --project tools/WorkflowItsm.LoadTest -- incidents --incidents 1000000 --open-clocks 100000 --samples 200
//   dotnet run -c Release --project tools/WorkflowItsm.LoadTest -- cmdb --cis 100000 --installations 100000 --entitlements 1000 --samples 500
//   dotnet run -c Release --project tools/WorkflowItsm.LoadTest -- changes --cis 100000 --changes 100000 --samples 300
// Changes (PostgreSQL only): on the cmdb mode's CMDB, seeds --changes changes over two years with maintenance windows
// and blackouts, then times the conflict check of one change, the calendar's month view and the next free slot.
// CMDB (PostgreSQL only): seeds --cis CIs with five relations each in service stacks and times impact analysis of
// random CIs (and core switches, the widest case), a discovery import of --import-rows CSV rows (dry run, then
// commit; half updates, half inserts), then a licence compliance run over --installations installations
// and --entitlements entitlements (see CmdbScaleLoad).
// Lifecycles: --warmup N lifecycles run first and are not measured; then --rounds R rounds of --lifecycles N each; the
// tool prints each round's throughput and their median, and latency percentiles over all measured rounds.
// "--db postgres" starts a throwaway PostgreSQL cluster (Debian's binaries) unless --connection names one.
// LOADTEST_SQL_LOG=file logs every command the runtime sends; LOADTEST_ALLOC_TYPES=1 prints which types the measured
// rounds allocate (sampled by the runtime every ~100 KB).
// Incidents (PostgreSQL only, a throwaway cluster unless --connection names a database): seeds --incidents incidents
// by COPY with --open-clocks running SLA clocks on the business-hours calendar (default a tenth of --incidents), then
// times one request at a time (--query-warmup W unmeasured, then --samples S per line, printing p50/p95/p99/max):
// the agent's list views (count included, pages 1 and 20; --parallel-query on|off|both: as PostgreSQL plans them, and
// with parallel query off for the database), the incident page's data and its SLA clocks, the service-level report
// over 30 and 366 days; then saving the business-hours calendar, which recalculates those clocks and moves the open
// incidents' task due dates (--recompute, default without-jobs,with-jobs,all-pending; "none" skips it): without a
// Hangfire job client, with the real Hangfire storage scheduling each clock's next check, and with every clock first
// set within its target so that each needs a job (the worst case). A database given by
// --connection that already holds incidents is measured as it is, without seeding.
var mode = args.Length > 0 ? args[0] : "inprocess";
string Option(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}

var clients = int.Parse(Option("--clients", "8"), CultureInfo.InvariantCulture);
var lifecycles = int.Parse(Option("--lifecycles", "2000"), CultureInfo.InvariantCulture);
var rounds = int.Parse(Option("--rounds", "3"), CultureInfo.InvariantCulture);
var warmup = int.Parse(Option("--warmup", "3000"), CultureInfo.InvariantCulture);
var driver = new LoadDriver(clients, warmup, rounds, lifecycles);
var latencies = new LatencyRecorder();
IReadOnlyList<double> perSecond;
string where;

if (mode == "timers")
{
    // Timer lateness with many pending timers (PostgreSQL only: the figure the issue asks for).
    await OnPostgreSqlAsync("timers", async connectionString =>
    {
        await TimerLoad.RunAsync(connectionString, int.Parse(Option("--pending", "100000"), CultureInfo.InvariantCulture),
            int.Parse(Option("--probes", "2000"), CultureInfo.InvariantCulture), double.Parse(Option("--probe-rate", "50"), CultureInfo.InvariantCulture), clients);
        return true;
    });
    return;
}

if (mode == "ratios")
{
    // The issue's figures side by side in one run (see RatiosLoad); --web names the host's Release build.
    await RatiosLoad.RunAsync(warmup, rounds, lifecycles, Option("--web", "") is { Length: > 0 } web ? web : HostUnderLoad.FindWebDll(),
        Option("--parts", "postgres,http,sqlite").Split(',').ToHashSet(StringComparer.Ordinal), int.Parse(Option("--http-clients", "32"), CultureInfo.InvariantCulture));
    return;
}

if (mode == "incidents")
{
    var incidents = int.Parse(Option("--incidents", "1000000"), CultureInfo.InvariantCulture);
    await OnPostgreSqlAsync("incidents", async connectionString =>
    {
        await IncidentScaleLoad.RunAsync(connectionString, incidents,
            int.Parse(Option("--open-clocks", (incidents / 10).ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture),
            int.Parse(Option("--samples", "200"), CultureInfo.InvariantCulture), int.Parse(Option("--query-warmup", "20"), CultureInfo.InvariantCulture),
            Option("--parallel-query", "both"), Option("--recompute", "without-jobs,with-jobs,all-pending"));
        return true;
    });
    return;
}

if (mode == "cmdb")
{
    await OnPostgreSqlAsync("cmdb", async connectionString =>
    {
        await CmdbScaleLoad.RunAsync(connectionString, int.Parse(Option("--cis", "100000"), CultureInfo.InvariantCulture),
            int.Parse(Option("--installations", "100000"), CultureInfo.InvariantCulture), int.Parse(Option("--entitlements", "1000"), CultureInfo.InvariantCulture),
            int.Parse(Option("--samples", "500"), CultureInfo.InvariantCulture), int.Parse(Option("--query-warmup", "50"), CultureInfo.InvariantCulture),
            int.Parse(Option("--import-rows", "100000"), CultureInfo.InvariantCulture));
        return true;
    });
    return;
}

if (mode == "changes")
{
    await OnPostgreSqlAsync("changes", async connectionString =>
    {
        await ChangeScaleLoad.RunAsync(connectionString, int.Parse(Option("--cis", "100000"), CultureInfo.InvariantCulture),
            int.Parse(Option("--changes", "100000"), CultureInfo.InvariantCulture), int.Parse(Option("--samples", "300"), CultureInfo.InvariantCulture),
            int.Parse(Option("--query-warmup", "30"), CultureInfo.InvariantCulture));
        return true;
    });
    return;
}

if (mode == "floor")
{
    where = "PostgreSQL floor (hand-made SQL, no engine, no EF Core, no Hangfire)";
    perSecond = await OnPostgreSqlAsync("floor", connectionString => FloorLoad.RunAsync(connectionString, driver, latencies));
}
else if (mode == "http")
{
    var url = new Uri(Option("--url", "http://127.0.0.1:5080"));
    where = $"HTTP {url}";
    perSecond = await HttpLoad.RunAsync(url, Option("--user", "admin"), Option("--password", ""), clients, driver, latencies);
}
else
{
    var db = Option("--db", "sqlite");
    if (db == "postgres")
    {
        where = "in process, PostgreSQL";
        perSecond = await OnPostgreSqlAsync("load", connectionString =>
            InProcessLoad.RunAsync(new PostgreSqlDatabaseProvider(), connectionString, driver, latencies, !args.Contains("--no-hangfire")));
    }
    else
    {
        var folder = TestEnvironment.CreateTempFolder("load");
        where = "in process, SQLite";
        perSecond = await InProcessLoad.RunAsync(new SqliteDatabaseProvider(), $"Data Source={Path.Combine(folder, "load.db")}", driver, latencies, !args.Contains("--no-hangfire"));
        Directory.Delete(folder, recursive: true);
    }
}

Console.WriteLine($"incident-triage lifecycles, {where}, {clients} clients, {warmup} warm-up + {rounds} x {lifecycles} measured lifecycles, {Environment.ProcessorCount} cores");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rounds: {string.Join(", ", perSecond.Select(p => p.ToString("F0", CultureInfo.InvariantCulture)))} lifecycles/s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"throughput: {perSecond.Order().ElementAt(perSecond.Count / 2):F0} lifecycles/s (median of {perSecond.Count} rounds)"));
Console.WriteLine($"{driver.ClientWork} (this process, all threads)");
latencies.Print(Console.Out);

// "--connection" names a database to use; without it a throwaway cluster of Debian's binaries runs for the load.
async Task<T> OnPostgreSqlAsync<T>(string database, Func<string, Task<T>> run)
{
    if (Option("--connection", "") is { Length: > 0 } given)
    {
        return await run(given);
    }

    var server = new PostgreSqlServer();
    await server.InitializeAsync();
    try
    {
        return await run(await server.CreateDatabaseAsync(database));
    }
    finally
    {
        await server.DisposeAsync();
    }
}
