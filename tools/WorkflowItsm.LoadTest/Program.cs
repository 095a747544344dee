using System.Globalization;
using WorkflowItsm.LoadTest;
using WorkflowItsm.Persistence.PostgreSql;
using WorkflowItsm.Persistence.Sqlite;
using WorkflowItsm.Testing;

// Load tool for the durable runtime (incident-triage lifecycles). Examples:
//   dotnet run -c Release --project tools/WorkflowItsm.LoadTest -- inprocess --db sqlite --clients 8
//   dotnet run -c Release --project tools/WorkflowItsm.LoadTest -- inprocess --db postgres --clients 16 --rounds 5 --lifecycles 4000
//   dotnet run -c Release --project tools/WorkflowItsm.LoadTest -- http --url http://127.0.0.1:5080 --password ... --clients 32
//   dotnet run -c Release --project tools/WorkflowItsm.LoadTest -- timers --pending 100000 --probes 2000 --probe-rate 50
//   dotnet run -c Release --project tools/WorkflowItsm.LoadTest -- floor --clients 8   (the same rows by hand-made SQL: the database's bound)
// --warmup N lifecycles run first and are not measured; then --rounds R rounds of --lifecycles N each; the tool
// prints each round's throughput and their median, and latency percentiles over all measured rounds.
// "--db postgres" starts a throwaway PostgreSQL cluster (Debian's binaries) unless --connection names one.
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
