using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Runtime.Jobs;
using WorkflowItsm.Runtime.Persistence;
using WorkflowItsm.Runtime.Timers;

namespace WorkflowItsm.Runtime.Instances;

/// <summary>
/// What a trigger leaves for after its commit: jobs (a job must never fire for state that was rolled back), the event
/// sink, thrown events and buffered messages. When the caller had a transaction open (a domain change saved with the
/// workflow step it causes), the trigger's jobs go through <see cref="IJobs"/>'s after-commit rule: they wait for the
/// caller's commit, and their job ids are not noted (cancelling then finds the idempotent job doing nothing, and
/// reconciliation looks at the job storage again; a timer's bookmark notes <see cref="TimerJobIds.AfterCallerCommit"/>).
/// Timers due beyond <see cref="RuntimeOptions.TimerHorizon"/> get no job here: the timer pump hands them over.
/// </summary>
internal sealed class AfterCommit
{
    public static AfterCommit Nothing { get; } = new();

    public List<(string BookmarkId, DateTimeOffset Due)> TimersToSchedule { get; } = [];
    public List<string> JobsToCancel { get; } = [];

    /// <summary>
    /// Not after the commit but in its save: bookmarks the trigger removed without reading them
    /// (<see cref="UnreadBookmarkDeletes"/>); their job ids join <see cref="JobsToCancel"/> as they are deleted.
    /// </summary>
    public List<string> UnreadBookmarksToDelete { get; } = [];
    public List<string> ContinuationsToEnqueue { get; } = [];

    /// <summary>Retry jobs of faults that were resolved before their retry ran.</summary>
    public List<string> AsyncJobsToCancel { get; } = [];
    public List<(Guid FaultId, DateTimeOffset Due)> RetriesToSchedule { get; } = [];

    /// <summary>
    /// Signals an instance threw, for the other instances and signal starts; the engine already delivered them
    /// inside the throwing instance. The runtime forwards them (<c>WorkflowRuntime.ForwardThrownEventsAsync</c>).
    /// </summary>
    public List<(string ThrowingInstanceId, ThrownSignal Signal)> ThrownSignals { get; } = [];

    /// <summary>Messages a throw event or send task without handler sent; the runtime correlates them like any message.</summary>
    public List<(string SendingInstanceId, SentMessage Message)> SentMessages { get; } = [];

    /// <summary>Message waits this trigger created (instance, message name, key), which a buffered message may be for.</summary>
    public List<(string InstanceId, string MessageName, string? CorrelationKey)> MessageWaits { get; } = [];

    /// <summary>Tasks this trigger created, and the instances it ended (with call activities, more than one): told to the event sink.</summary>
    public List<HumanTasks.HumanTaskRecord> CreatedTasks { get; } = [];
    public List<ProcessInstanceRecord> EndedInstances { get; } = [];

    /// <summary>
    /// Not after the commit but before it: what the trigger's steps mean for other instances through call
    /// activities, done in the same transaction (<c>WorkflowRuntime.RunCallActivityWorkAsync</c>).
    /// </summary>
    public Queue<CallActivityWork> CallActivityWork { get; } = new();

    /// <summary>
    /// Hands the trigger's work to the job engine. Of its timers only those due by <paramref name="handOverUntil"/> (now
    /// plus <see cref="RuntimeOptions.TimerHorizon"/>) get a job; a later one stays its bookmark row with no job id,
    /// touching no job table, until the timer pump hands it over (and when it is cancelled first, no job is deleted).
    /// </summary>
    public async Task RunAsync(WorkflowDbContext db, ITimerScheduler timers, IAsyncContinuationScheduler continuations, DateTimeOffset handOverUntil,
        CancellationToken cancellationToken)
    {
        foreach (var jobId in JobsToCancel.Where(id => !TimerJobIds.IsMarker(id)))
        {
            timers.Cancel(jobId);
        }

        foreach (var jobId in AsyncJobsToCancel)
        {
            continuations.Cancel(jobId);
        }

        await EnqueueAsyncJobsAsync(db, continuations, cancellationToken);

        foreach (var (bookmarkId, due) in TimersToSchedule.Where(timer => timer.Due <= handOverUntil))
        {
            // Inside the caller's transaction the job waits for its commit: a marker, written in that transaction, keeps
            // the pump from handing the timer over a second time.
            await RememberJobAsync(db, bookmarkId, timers.Schedule(bookmarkId, due) ?? TimerJobIds.AfterCallerCommit, cancellationToken);
        }
    }

    /// <summary>
    /// Notes the job on its bookmark with one statement (no read, no transaction). The job ids are a convenience for
    /// cancelling; the jobs themselves are idempotent, and a bookmark already gone simply matches no row.
    /// </summary>
    public static Task<int> RememberJobAsync(WorkflowDbContext db, string bookmarkId, string? jobId, CancellationToken cancellationToken) =>
        jobId is null
            ? Task.FromResult(0) // waits for the caller's commit
            : db.Bookmarks.Where(b => b.Id == bookmarkId).ExecuteUpdateAsync(set => set.SetProperty(b => b.JobId, jobId), cancellationToken);

    private async Task EnqueueAsyncJobsAsync(WorkflowDbContext db, IAsyncContinuationScheduler continuations, CancellationToken cancellationToken)
    {
        if (ContinuationsToEnqueue.Count == 0 && RetriesToSchedule.Count == 0)
        {
            return;
        }

        foreach (var bookmarkId in ContinuationsToEnqueue)
        {
            await RememberJobAsync(db, bookmarkId, continuations.Enqueue(bookmarkId), cancellationToken);
        }

        if (RetriesToSchedule.Count == 0)
        {
            return;
        }

        var faultIds = RetriesToSchedule.Select(r => r.FaultId).ToList();
        var faults = await db.Faults.Where(f => faultIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, cancellationToken);
        foreach (var (faultId, due) in RetriesToSchedule)
        {
            if (faults.TryGetValue(faultId, out var fault))
            {
                fault.JobId = continuations.ScheduleRetry(faultId, due);
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // As for timers: the job ids only serve cancelling and reconciliation, which copes without them.
        }
    }
}
