using System.Diagnostics;

namespace WorkflowItsm.Benchmarks;

/// <summary>One engine's figures over several rounds; medians are reported, never a single run.</summary>
internal sealed record Measurement(string Engine, IReadOnlyList<double> LifecyclesPerSecond, IReadOnlyList<double> FirstWaitMicroseconds, double BytesPerLifecycle)
{
    public double MedianLifecyclesPerSecond => Median(LifecyclesPerSecond);

    public double MedianFirstWaitMicroseconds => Median(FirstWaitMicroseconds);

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static double Percentile(IReadOnlyList<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>Counts elapsed time with the high-resolution clock.</summary>
internal static class Clock
{
    public static double MicrosecondsSince(long start) => Stopwatch.GetElapsedTime(start).TotalMicroseconds;
}
