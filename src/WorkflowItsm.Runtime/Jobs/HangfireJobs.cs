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
/// is logged, not thrown: the commit stands, and the reconciliation jobs catch lost timers, continuations and SLA
/// checks. Hangfire is resolved on first use, so that a host that plans no work (tools, tests) needs none.
/// </summary>
public sealed partial class HangfireJobs(WorkflowDbContext db, IServiceProvider services, ILogger<HangfireJobs> logger) : IJobs
{
    private static readonly HashSet<string> PendingStates =
        [EnqueuedState.StateName, ScheduledState.StateName, AwaitingState.StateName];

    public string? Enqueue<TJob>(Expression<Func<TJob, Task>> call) =>
        HandOver(() => Client.Enqueue(call), mayOverlap: true, Name(call));

    public string? Schedule<TJob>(Expression<Func<TJob, Task>> call, DateTimeOffset at) =>
        HandOver(() => Client.Schedule(call, at), mayOverlap: true, Name(call));

    public void AddOrUpdateRecurring<TJob>(string id, Expression<Func<TJob, Task>> call, string cron) =>
        HandOver(() =>
        {
            services.GetRequiredService<IRecurringJobManager>().AddOrUpdate(id, call, cron);
            return id;
        }, mayOverlap: false, id);

    public void RemoveRecurring(string id) =>
        HandOver(() =>
        {
            services.GetRequiredService<IRecurringJobManager>().RemoveIfExists(id);
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

    private static string Name<TJob>(Expression<Func<TJob, Task>> call) =>
        call.Body is MethodCallExpression method ? $"{typeof(TJob).Name}.{method.Method.Name}" : typeof(TJob).Name;

    [LoggerMessage(Level = LogLevel.Error, Message = "Handing {Job} to the job engine after the commit failed")]
    private partial void LogHandOverFailed(Exception exception, string job);
}
