using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace WorkflowItsm.LoadTest;

/// <summary>
/// Which types the measured rounds allocate: the runtime's allocation tick (one event per ~100 KB a thread allocates,
/// naming the type that crossed the mark) counted by type, so the shares approximate where the bytes go. On when
/// LOADTEST_ALLOC_TYPES=1; the ticks are sampled, so read shares of a few percent and up, not exact figures.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> bytesByType = new(StringComparer.Ordinal);
    private volatile bool measuring;

    public static AllocationSampler? StartIfAsked() =>
        Environment.GetEnvironmentVariable("LOADTEST_ALLOC_TYPES") == "1" ? new AllocationSampler() : null;

    public void Measure(bool on) => measuring = on;

    /// <summary>The types with the largest sampled share, one line each.</summary>
    public IEnumerable<string> Report(int top)
    {
        var total = Math.Max(1, bytesByType.Values.Sum());
        return bytesByType.OrderByDescending(pair => pair.Value).Take(top)
            .Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Value * 100.0 / total,6:F1}%  {pair.Key}"));
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!measuring || !eventData.EventName!.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.PayloadNames is null)
        {
            return;
        }

        var type = eventData.Payload![eventData.PayloadNames.IndexOf("TypeName")] as string ?? "?";
        var amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount64");
        var amount = amountIndex >= 0 ? Convert.ToInt64(eventData.Payload[amountIndex], CultureInfo.InvariantCulture) : 100_000;
        bytesByType.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }
}
