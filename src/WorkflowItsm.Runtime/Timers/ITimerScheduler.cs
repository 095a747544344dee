namespace WorkflowItsm.Runtime.Timers;

/// <summary>Schedules the job that fires a timer bookmark at its due time (Hangfire in the host).</summary>
public interface ITimerScheduler
{
    /// <summary>Schedules the bookmark's timer; returns the job id to cancel it with.</summary>
    string Schedule(string bookmarkId, DateTimeOffset due);

    void Cancel(string jobId);
}
