using System.Diagnostics;

namespace WorkflowItsm.LoadTest;

/// <summary>
/// Runs lifecycles on C concurrent clients: first a warm-up that is not measured (JIT tiering, pools and caches
/// settle; on 2 cores the first thousands of lifecycles run at a fraction of steady speed), then measured rounds.
/// </summary>
internal sealed class LoadDriver(int clients, int warmup, int rounds, int lifecyclesPerRound)
{
    /// <summary>Lifecycles per second of each measured round; latencies of every measured call go to <paramref name="latencies"/>.</summary>
    public async Task<IReadOnlyList<double>> RunAsync(Func<int, LatencyRecorder, Task> lifecycle, LatencyRecorder latencies)
    {
        var numbering = 0;
        await RunRoundAsync(warmup, lifecycle, new LatencyRecorder(), numbering);
        numbering += warmup;
        var perSecond = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var stopwatch = Stopwatch.StartNew();
            await RunRoundAsync(lifecyclesPerRound, lifecycle, latencies, numbering);
            perSecond.Add(lifecyclesPerRound / stopwatch.Elapsed.TotalSeconds);
            numbering += lifecyclesPerRound;
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
