using System.Diagnostics;

namespace WorkflowItsm.LoadTest;

/// <summary>
/// Runs lifecycles on C concurrent clients: first a warm-up that is not measured (JIT tiering, pools and caches
/// settle; on 2 cores the first thousands of lifecycles run at a fraction of steady speed), then measured rounds.
/// </summary>
internal sealed class LoadDriver(int clients, int warmup, int rounds, int lifecyclesPerRound)
{
    /// <summary>
    /// This process's CPU time per measured lifecycle, in milliseconds (all threads: the runtime, EF Core and the
    /// driver; not the database server's). Steadier than throughput on a shared machine.
    /// </summary>
    public double ClientCpuMsPerLifecycle { get; private set; }

    /// <summary>Memory this process allocated per measured lifecycle, in kilobytes (what the garbage collector then has to reclaim).</summary>
    public double AllocatedKbPerLifecycle { get; private set; }

    /// <summary>Commands, savepoints and commits the runtime's contexts sent per measured lifecycle (<see cref="DatabaseRoundTrips"/>; 0 for loads without them).</summary>
    public double RoundTripsPerLifecycle { get; private set; }

    /// <summary>Connections the runtime's contexts opened per measured lifecycle (each a take from the driver's pool).</summary>
    public double ConnectionOpensPerLifecycle { get; private set; }

    /// <summary>What a line of figures says of the client's work per lifecycle.</summary>
    public string ClientWork => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"client CPU {ClientCpuMsPerLifecycle:F2} ms, allocated {AllocatedKbPerLifecycle:F0} KB{(RoundTripsPerLifecycle > 0 ? $", {RoundTripsPerLifecycle:F1} database round trips, {ConnectionOpensPerLifecycle:F1} connection opens" : "")} per lifecycle");

    /// <summary>Lifecycles per second of each measured round; latencies of every measured call go to <paramref name="latencies"/>.</summary>
    public async Task<IReadOnlyList<double>> RunAsync(Func<int, LatencyRecorder, Task> lifecycle, LatencyRecorder latencies)
    {
        var numbering = 0;
        await RunRoundAsync(warmup, lifecycle, new LatencyRecorder(), numbering);
        numbering += warmup;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var roundTripsBefore = DatabaseRoundTrips.Count;
        var opensBefore = DatabaseRoundTrips.Opens;
        using var allocations = AllocationSampler.StartIfAsked();
        allocations?.Measure(true);
        var perSecond = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var stopwatch = Stopwatch.StartNew();
            await RunRoundAsync(lifecyclesPerRound, lifecycle, latencies, numbering);
            perSecond.Add(lifecyclesPerRound / stopwatch.Elapsed.TotalSeconds);
            numbering += lifecyclesPerRound;
        }

        var measured = rounds * (double)lifecyclesPerRound;
        ClientCpuMsPerLifecycle = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / measured;
        AllocatedKbPerLifecycle = (GC.GetTotalAllocatedBytes() - allocatedBefore) / 1024.0 / measured;
        RoundTripsPerLifecycle = (DatabaseRoundTrips.Count - roundTripsBefore) / measured;
        ConnectionOpensPerLifecycle = (DatabaseRoundTrips.Opens - opensBefore) / measured;
        if (allocations is not null)
        {
            allocations.Measure(false);
            Console.WriteLine("allocated by type (sampled every ~100 KB):");
            foreach (var line in allocations.Report(30))
            {
                Console.WriteLine(line);
            }
        }

        return perSecond;
    }

    private Task RunRoundAsync(int count, Func<int, LatencyRecorder, Task> lifecycle, LatencyRecorder latencies, int firstNumber)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await lifecycle(firstNumber + i, latencies);
            }
        })));
    }
}
