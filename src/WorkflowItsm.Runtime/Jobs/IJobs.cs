using System.Linq.Expressions;

namespace WorkflowItsm.Runtime.Jobs;

/// <summary>
/// The one port for background work (Hangfire in the host). What is planned while the unit of work has a database
/// transaction open is handed over only when that transaction commits, and dropped when it rolls back, so a job
/// never runs for state that was not stored; outside a transaction it is handed over at once. A call names the
/// job's class and method (<c>job =&gt; job.RunAsync(id, CancellationToken.None)</c>); the job is resolved from a
/// scope of its own when it runs, and its arguments are taken when the call is planned.
/// </summary>
public interface IJobs
{
    /// <summary>Runs the call as soon as a worker is free; returns the job id, or null when it waits for the commit.</summary>
    string? Enqueue<TJob>(Expression<Func<TJob, Task>> call);

    /// <summary>Runs the call at <paramref name="at"/> (not before); returns the job id, or null when it waits for the commit.</summary>
    string? Schedule<TJob>(Expression<Func<TJob, Task>> call, DateTimeOffset at);

    /// <summary>
    /// Declares the recurring job <paramref name="id"/> (one definition per id, so every host may declare it).
    /// </summary>
    /// <exception cref="ArgumentException">A cron expression the job engine does not read (thrown when handed over).</exception>
    void AddOrUpdateRecurring<TJob>(string id, Expression<Func<TJob, Task>> call, string cron);

    void RemoveRecurring(string id);

    /// <summary>Deletes a job that has not run yet (a job that already ran or is gone is no matter).</summary>
    void Delete(string jobId);

    /// <summary>
    /// Whether the job is still to run: waiting in a queue or a schedule, or running for less than
    /// <paramref name="processingTimeout"/> (one running for longer belongs to a host that died), as opposed to
    /// lost, failed or gone.
    /// </summary>
    bool IsPending(string jobId, TimeSpan processingTimeout);
}
