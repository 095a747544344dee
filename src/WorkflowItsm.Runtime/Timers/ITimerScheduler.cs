namespace WorkflowItsm.Runtime.Timers;

/// <summary>
/// Schedules the job that fires a timer bookmark at its due time (<see cref="Jobs.IJobs"/>). The runtime asks only for
/// timers due within <see cref="RuntimeOptions.TimerHorizon"/>; the timer pump hands over the later ones when they come near.
/// </summary>
public interface ITimerScheduler
{
    /// <summary>Schedules the bookmark's timer; returns the job id to cancel it with, or null when it waits for a commit.</summary>
    string? Schedule(string bookmarkId, DateTimeOffset due);

    void Cancel(string jobId);
}
