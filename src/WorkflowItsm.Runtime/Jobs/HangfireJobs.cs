using System.Linq.Expressions;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.Jobs;

/// <summary>
/// <see cref="IJobs"/> on Hangfire, with the after-commit rule: while the unit of work's context has a transaction
/// open, the hand-over waits for its commit (<see cref="CommitHandOver"/>). A hand-over that fails after the commit
/// is logged, not thrown: the commit stands, and the timer pump and the reconciliation jobs catch lost timers,
/// continuations and SLA checks. Hangfire is resolved on first use, so that a host that plans no work (tools, tests)
/// needs none.
/// </summary>
public sealed partial class HangfireJobs(WorkflowDbContext db, IServiceProvider services, ILogger<HangfireJobs> logger) : IJobs
{
    private static readonly HashSet<string> PendingStates =
        [EnqueuedState.StateName, ScheduledState.StateName, AwaitingState.StateName];

    public string? Enqueue<TJob>(Expression<Func<TJob, Task>> call) =>
        HandOver(() => Client.Enqueue(call), mayOverlap: true, Name(call));

    public string? Schedule<TJob>(Expression<Func<TJob, Task>> call, DateTimeOffset at) =>
        HandOver(() => Client.Schedule(call, at), mayOverlap: true, Name(call));

    /// <summary>How long a declaration waits before it is tried again when the job's lock is held (see <see cref="DeclareRecurring"/>).</summary>
    public static readonly TimeSpan RecurringRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>Declarations tried again at most this often before the next start has to do it.</summary>
    public const int RecurringRetries = 20;

    public void AddOrUpdateRecurring<TJob>(string id, Expression<Func<TJob, Task>> call, string cron) =>
        HandOver(() =>
        {
            DeclareRecurring(id, manager => manager.AddOrUpdate(id, call, cron));
            return id;
        }, mayOverlap: false, id);

    public void RemoveRecurring(string id) =>
        HandOver(() =>
        {
            // Under the same lock as a declaration (a host killed while holding it must not stop the next one's start).
            DeclareRecurring(id, manager => manager.RemoveIfExists(id));
            return id;
        }, mayOverlap: false, id);

    public void Delete(string jobId) =>
        HandOver(() =>
        {
            Client.Delete(jobId);
            return jobId;
        }, mayOverlap: false, jobId);

    public bool IsPending(string jobId, TimeSpan processingTimeout)
    {
        using var connection = services.GetRequiredService<JobStorage>().GetConnection();
        var state = connection.GetStateData(jobId);
        if (state?.Name == ProcessingState.StateName)
        {
            return !state.Data.TryGetValue("StartedAt", out var startedAt)
                || JobHelper.DeserializeNullableDateTime(startedAt) is not { } started
                || DateTime.UtcNow - started < processingTimeout;
        }

        return state is not null && PendingStates.Contains(state.Name);
    }

    private IBackgroundJobClient Client => services.GetRequiredService<IBackgroundJobClient>();

    private string? HandOver(Func<string> handOver, bool mayOverlap, string name)
    {
        if (db.HandOver.WaitForCommit(db, () => AfterCommit(handOver, name), mayOverlap))
        {
            return null;
        }

        return handOver();
    }

    private void AfterCommit(Func<string> handOver, string name)
    {
        try
        {
            handOver();
        }
        catch (Exception exception)
        {
            LogHandOverFailed(exception, name);
        }
    }

    /// <summary>
    /// Declares a recurring job under its lock. A host killed while it held that lock (the job engine's scheduler takes it
    /// too) leaves it held until the storage expires it; a starting host must not fail for that — every host declares the
    /// same definitions — so the declaration is tried again in the background until the lock is free.
    /// </summary>
    private void DeclareRecurring(string id, Action<IRecurringJobManager> declare)
    {
        var manager = services.GetRequiredService<IRecurringJobManager>();
        try
        {
            declare(manager);
        }
        catch (Exception exception) when (IsLockTimeout(exception))
        {
            LogRecurringDeferred(exception, id);
            var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
            _ = Task.Run(() => DeclareLaterAsync(manager, time, id, declare));
        }
    }

    private async Task DeclareLaterAsync(IRecurringJobManager manager, TimeProvider time, string id, Action<IRecurringJobManager> declare)
    {
        for (var attempt = 1; attempt <= RecurringRetries; attempt++)
        {
            await Task.Delay(RecurringRetryDelay, time);
            try
            {
                declare(manager);
                LogRecurringDeclared(id, attempt);
                return;
            }
            catch (Exception exception) when (IsLockTimeout(exception))
            {
                // Still held: the next attempt.
            }
            catch (Exception exception)
            {
                LogHandOverFailed(exception, id);
                return;
            }
        }
    }

    /// <summary>Hangfire's lock timeout, or a storage's own (Hangfire.PostgreSql throws its own type).</summary>
    private static bool IsLockTimeout(Exception exception) =>
        exception is Hangfire.Storage.DistributedLockTimeoutException || exception.GetType().Name.Contains("DistributedLock", StringComparison.Ordinal);

    private static string Name<TJob>(Expression<Func<TJob, Task>> call) =>
        call.Body is MethodCallExpression method ? $"{typeof(TJob).Name}.{method.Method.Name}" : typeof(TJob).Name;

    [LoggerMessage(Level = LogLevel.Error, Message = "Handing {Job} to the job engine after the commit failed")]
    private partial void LogHandOverFailed(Exception exception, string job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The recurring job {Job} is locked (a host that stopped may still hold it); it is declared again in the background")]
    private partial void LogRecurringDeferred(Exception exception, string job);

    [LoggerMessage(Level = LogLevel.Information, Message = "The recurring job {Job} was declared at attempt {Attempt}")]
    private partial void LogRecurringDeclared(string job, int attempt);
}
