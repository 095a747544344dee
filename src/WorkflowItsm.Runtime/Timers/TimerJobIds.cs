namespace WorkflowItsm.Runtime.Timers;

/// <summary>
/// Markers a timer bookmark's <see cref="Instances.BookmarkRecord.JobId"/> may hold instead of a job id. Any non-null
/// value keeps the timer pump from handing the timer over (again); a marker is never deleted as a job.
/// </summary>
public static class TimerJobIds
{
    private const char MarkerStart = '~';

    /// <summary>
    /// The job waits for the caller's commit (a trigger inside the caller's transaction), so its id is not known;
    /// written in that same transaction, so the pump does not hand the timer over a second time.
    /// </summary>
    public const string AfterCallerCommit = "~after-commit";

    /// <summary>
    /// A pump run's claim on the timers it hands over, unique per run so that only the run that wrote it replaces it
    /// with the job's id. A claim left by a host that died in between stays; the overdue sweep fires that timer.
    /// </summary>
    public static string NewClaim() => $"~claim:{Guid.NewGuid():N}";

    /// <summary>Whether <paramref name="jobId"/> is a marker rather than the id of a job in the job engine.</summary>
    public static bool IsMarker(string jobId) => jobId.StartsWith(MarkerStart);
}
