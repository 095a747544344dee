using WorkflowItsm.Runtime.Timers;

namespace WorkflowItsm.Runtime.Tests.Instances;

/// <summary>Records what would be scheduled in Hangfire; the Hangfire path itself is tested in the host.</summary>
public sealed class RecordingTimerScheduler : ITimerScheduler
{
    public List<(string BookmarkId, DateTimeOffset Due, string JobId)> Scheduled { get; } = [];
    public List<string> Cancelled { get; } = [];

    public string Schedule(string bookmarkId, DateTimeOffset due)
    {
        var jobId = $"job-{Scheduled.Count + 1}";
        Scheduled.Add((bookmarkId, due, jobId));
        return jobId;
    }

    public void Cancel(string jobId) => Cancelled.Add(jobId);
}
