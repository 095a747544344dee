using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace WorkflowItsm.LoadTest;

/// <summary>Latencies per call type, and the percentiles the README quotes.</summary>
internal sealed class LatencyRecorder
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> samples = new();

    public async Task<T> TimeAsync<T>(string call, Func<Task<T>> action)
    {
        var start = Stopwatch.GetTimestamp();
        var result = await action();
        samples.GetOrAdd(call, _ => []).Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        return result;
    }

    /// <summary>Adds a latency measured elsewhere (one sample may count for several lines).</summary>
    public void Add(string call, double milliseconds) => samples.GetOrAdd(call, _ => []).Add(milliseconds);

    public Task TimeAsync(string call, Func<Task> action) => TimeAsync(call, async () =>
    {
        await action();
        return true;
    });

    public void Print(TextWriter output)
    {
        var width = Math.Max(12, samples.Keys.Select(k => k.Length + 2).DefaultIfEmpty(0).Max());
        output.WriteLine($"{"call".PadRight(width)}{"count",10}{"p50 ms",10}{"p95 ms",10}{"p99 ms",10}{"max ms",10}");
        foreach (var (call, bag) in samples.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var sorted = bag.Order().ToArray();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{call.PadRight(width)}{sorted.Length,10}{Percentile(sorted, 50),10:F2}{Percentile(sorted, 95),10:F2}{Percentile(sorted, 99),10:F2}{sorted[^1],10:F2}"));
        }
    }

    /// <summary>The highest <paramref name="percentile"/> over the call types (the slowest call's figure).</summary>
    public double WorstPercentile(double percentile) =>
        samples.Values.Select(bag => Percentile(bag.Order().ToArray(), percentile)).DefaultIfEmpty(0).Max();

    private static double Percentile(double[] sorted, double percentile) =>
        sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
