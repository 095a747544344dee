using System.Globalization;
using WorkflowItsm.LoadTest;
using WorkflowItsm.Persistence.PostgreSql;
using WorkflowItsm.Persistence.Sqlite;
using WorkflowItsm.Testing;

// Load tool for the durable runtime (incident-triage lifecycles). Examples:
//   dotnet run -c Release --project tools/WorkflowItsm.LoadTest -- inprocess --db sqlite --clients 8 --lifecycles 3000
//   dotnet run -c Release --project tools/WorkflowItsm.LoadTest -- inprocess --db postgres --clients 16 --lifecycles 10000
//   dotnet run -c Release --project tools/WorkflowItsm.LoadTest -- http --url http://127.0.0.1:5080 --password ... --clients 32
// "--db postgres" starts a throwaway PostgreSQL cluster (Debian's binaries) unless --connection names one.
var mode = args.Length > 0 ? args[0] : "inprocess";
string Option(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}

var clients = int.Parse(Option("--clients", "8"), CultureInfo.InvariantCulture);
var lifecycles = int.Parse(Option("--lifecycles", "2000"), CultureInfo.InvariantCulture);
var latencies = new LatencyRecorder();
double perSecond;
string where;

if (mode == "http")
{
    var url = new Uri(Option("--url", "http://127.0.0.1:5080"));
    where = $"HTTP {url}";
    perSecond = await HttpLoad.RunAsync(url, Option("--user", "admin"), Option("--password", ""), clients, lifecycles, latencies);
}
else
{
    var db = Option("--db", "sqlite");
    if (db == "postgres")
    {
        var server = Option("--connection", "") is { Length: > 0 } given ? null : new PostgreSqlServer();
        if (server is not null)
        {
            await server.InitializeAsync();
        }

        try
        {
            var connectionString = server is null ? Option("--connection", "") : await server.CreateDatabaseAsync("load");
            where = "in process, PostgreSQL";
            perSecond = await InProcessLoad.RunAsync(new PostgreSqlDatabaseProvider(), connectionString, clients, lifecycles, latencies, !args.Contains("--no-hangfire"));
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }
    else
    {
        var folder = TestEnvironment.CreateTempFolder("load");
        where = "in process, SQLite";
        perSecond = await InProcessLoad.RunAsync(new SqliteDatabaseProvider(), $"Data Source={Path.Combine(folder, "load.db")}", clients, lifecycles, latencies, !args.Contains("--no-hangfire"));
        Directory.Delete(folder, recursive: true);
    }
}

Console.WriteLine($"incident-triage lifecycles, {where}, {clients} clients, {lifecycles} lifecycles, {Environment.ProcessorCount} cores");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"throughput: {perSecond:F0} lifecycles/s"));
latencies.Print(Console.Out);
