using System.Globalization;
using WorkflowItsm.Benchmarks;

// Engine throughput in memory for the incident-triage lifecycle, ours and WorkflowCore's in one run.
// Figures are medians over several rounds after a warm-up. Options:
//   --rounds N (5)  --lifecycles N (100000, ours)  --workflowcore-lifecycles N (2000)  --concurrency N (64, WorkflowCore)
//   --engine all|workflowitsm|workflowcore|dmn (all)  --bpmn path (tests/WorkflowItsm.Testing/Workflows/incident-triage.bpmn)
//   --engine dmn measures a 50-rule DMN decision table instead (evaluations per second, one thread).
var options = CommandLine.Parse(args);
if (options.Engine == "dmn")
{
    var table = new DmnTable50();
    table.Run(200_000); // warm-up
    var perSecond = new List<double>();
    for (var round = 0; round < options.Rounds; round++)
    {
        perSecond.Add(table.Run(1_000_000));
        Console.WriteLine($"  DMN 50-rule table round {round + 1}: {perSecond[^1],12:N0} evaluations/s");
    }

    Console.WriteLine($"DMN 50-rule table, one thread: {Measurement.Median(perSecond):N0} evaluations/s (median of {options.Rounds})");
    return;
}

var workers = Environment.ProcessorCount;
Console.WriteLine($"incident-triage lifecycle in memory · {Environment.ProcessorCount} cores · .NET {Environment.Version} · {options.Rounds} rounds, medians");
Console.WriteLine();

Measurement? ours = null, theirs = null;
if (options.Engine is "all" or "workflowitsm")
{
    var triage = new WorkflowItsmTriage(options.BpmnPath);
    await triage.RunAsync(Math.Min(options.Lifecycles, 20_000), workers); // warm-up: JIT, tiering, script cache
    var rates = new List<double>();
    var latencies = new List<double>();
    for (var round = 0; round < options.Rounds; round++)
    {
        var (perSecond, firstWait) = await triage.RunAsync(options.Lifecycles, workers);
        rates.Add(perSecond);
        latencies.Add(Measurement.Median(firstWait));
        Console.WriteLine($"  WorkflowItsm round {round + 1}: {perSecond,12:N0} lifecycles/s, first wait p50 {Measurement.Median(firstWait),7:N1} µs, p99 {Measurement.Percentile(firstWait, 99),7:N1} µs");
    }

    ours = new Measurement("WorkflowItsm", rates, latencies, await triage.BytesPerLifecycleAsync(10_000));
}

if (options.Engine is "all" or "workflowcore")
{
    await using var triage = new WorkflowCoreTriage();
    await triage.RunAsync(Math.Min(options.WorkflowCoreLifecycles, 500), options.Concurrency); // warm-up
    var rates = new List<double>();
    var latencies = new List<double>();
    for (var round = 0; round < options.Rounds; round++)
    {
        triage.ResetLatencies();
        var perSecond = await triage.RunAsync(options.WorkflowCoreLifecycles, options.Concurrency);
        var firstWait = triage.FirstWaitMicroseconds.ToList();
        rates.Add(perSecond);
        latencies.Add(Measurement.Median(firstWait));
        Console.WriteLine($"  WorkflowCore round {round + 1}: {perSecond,12:N0} lifecycles/s, first wait p50 {Measurement.Median(firstWait),9:N1} µs");
    }

    theirs = new Measurement("WorkflowCore 3.22.0", rates, latencies, double.NaN);
}

Console.WriteLine();
Console.WriteLine($"{"engine",-22}{"lifecycles/s (median)",24}{"start→first wait p50",24}{"bytes/lifecycle",18}");
foreach (var m in new[] { ours, theirs }.OfType<Measurement>())
{
    var bytes = double.IsNaN(m.BytesPerLifecycle) ? "n/a" : m.BytesPerLifecycle.ToString("N0", CultureInfo.InvariantCulture);
    Console.WriteLine($"{m.Engine,-22}{m.MedianLifecyclesPerSecond,24:N0}{m.MedianFirstWaitMicroseconds,21:N1} µs{bytes,18}");
}

if (ours is not null && theirs is not null)
{
    Console.WriteLine();
    Console.WriteLine($"ratio WorkflowItsm / WorkflowCore: {ours.MedianLifecyclesPerSecond / theirs.MedianLifecyclesPerSecond:N1}x (target ≥ 100x and ≥ 50,000 lifecycles/s)");
}

internal sealed record CommandLine(int Rounds, int Lifecycles, int WorkflowCoreLifecycles, int Concurrency, string Engine, string BpmnPath)
{
    public static CommandLine Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        int Number(string name, int fallback) => int.Parse(Value(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        return new CommandLine(
            Number("--rounds", 5),
            Number("--lifecycles", 100_000),
            Number("--workflowcore-lifecycles", 2_000),
            Number("--concurrency", 64),
            Value("--engine", "all"),
            Value("--bpmn", FindBpmn()));
    }

    private static string FindBpmn()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            // The engine's sample model (the product's workflows/incident-triage.bpmn needs the domain's handlers).
            var candidate = Path.Combine(folder.FullName, "tests", "WorkflowItsm.Testing", "Workflows", "incident-triage.bpmn");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.Combine("tests", "WorkflowItsm.Testing", "Workflows", "incident-triage.bpmn");
    }
}
