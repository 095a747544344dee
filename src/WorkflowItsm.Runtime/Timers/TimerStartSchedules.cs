using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.Timers;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Runtime.Timers;

/// <summary>
/// Timer start events become Hangfire jobs when their version is deployed: a cron cycle is a recurring job
/// (<c>timer-start:{key}:{startEventId}</c>) that starts the latest version; a date, a duration or an ISO-8601
/// repeating interval is a chain of scheduled jobs, each starting an instance and scheduling the next. A newer
/// version that drops a timer start removes its recurring job, and a chain stops when its version is no longer
/// the latest.
/// </summary>
public sealed class TimerStartSchedules(IServiceProvider services, TimeProvider time)
{
    public static string RecurringJobId(string key, string startEventId) => $"timer-start:{key}:{startEventId}";

    /// <summary>Schedules the timer starts of a newly deployed version; removes those the previous version had and this one dropped.</summary>
    public void Sync(ProcessDefinition deployed, int version, ProcessDefinition? previous)
    {
        var starts = TimerStarts(deployed).ToList();
        var dropped = previous is null ? [] : TimerStarts(previous).Select(s => s.Start.Id).Except(starts.Select(s => s.Start.Id));
        if (starts.Count == 0 && !dropped.Any())
        {
            return; // no Hangfire needed (hosts and tests without a scheduler deploy most processes this way)
        }

        var recurring = services.GetRequiredService<IRecurringJobManager>();
        foreach (var startEventId in dropped)
        {
            recurring.RemoveIfExists(RecurringJobId(deployed.Id, startEventId));
        }

        foreach (var (start, timer) in starts)
        {
            var text = timer.Value?.Raw ?? string.Empty;
            if (timer.Kind == TimerKind.Cycle && IsCron(text) && TryAddRecurring(recurring, deployed.Id, start.Id, text))
            {
                continue;
            }

            // Not a cron: no recurring job of an older version may fire on in its place.
            recurring.RemoveIfExists(RecurringJobId(deployed.Id, start.Id));
            ScheduleNext(deployed.Id, version, start.Id, timer, time.GetUtcNow(), alreadyFired: 0);
        }
    }

    /// <summary>Schedules the next link of a non-cron timer start chain; false when the timer has no more occurrences.</summary>
    public bool ScheduleNext(string key, int version, string startEventId, TimerEventDefinition timer, DateTimeOffset from, int alreadyFired)
    {
        if (timer.Kind is not { } kind || !TimerSchedule.TryParse(kind, timer.Value?.Raw ?? string.Empty, out var schedule, out _)
            || schedule!.NextDue(from, alreadyFired) is not { } due)
        {
            return false;
        }

        services.GetRequiredService<IBackgroundJobClient>().Schedule<TimerStartJob>(
            job => job.StartVersionAsync(key, version, startEventId, alreadyFired + 1, due, CancellationToken.None), due);
        return true;
    }

    // Hangfire reads standard cron (and a leading seconds field); a Quartz form it refuses runs as a chain instead,
    // on the engine's own cron reading, which knows Quartz's day-of-week numbering.
    private static bool TryAddRecurring(IRecurringJobManager recurring, string key, string startEventId, string cron)
    {
        if (cron.Contains('?', StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            recurring.AddOrUpdate<TimerStartJob>(RecurringJobId(key, startEventId), job => job.StartLatestAsync(key, startEventId, CancellationToken.None), cron);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    internal static IEnumerable<(StartEvent Start, TimerEventDefinition Timer)> TimerStarts(ProcessDefinition process) =>
        process.Graph.StartEvents.Where(s => s.Definition is TimerEventDefinition).Select(s => (s, (TimerEventDefinition)s.Definition!));

    private static bool IsCron(string text) => text.Trim().Contains(' ', StringComparison.Ordinal);
}

/// <summary>The Hangfire job of a timer start event.</summary>
public sealed class TimerStartJob(WorkflowRuntime runtime, Deployments.DefinitionCache definitions, Persistence.WorkflowDbContext db, TimerStartSchedules schedules)
{
    /// <summary>A cron timer start: starts the latest version.</summary>
    public Task StartLatestAsync(string key, string startEventId, CancellationToken cancellationToken) =>
        runtime.StartAsync(new StartProcessCommand(key, StartEventId: startEventId, StartedBy: "timer"), cancellationToken);

    /// <summary>One link of a chain: starts the instance if its version is still the latest, then schedules the next link.</summary>
    public async Task StartVersionAsync(string key, int version, string startEventId, int firedCount, DateTimeOffset due, CancellationToken cancellationToken)
    {
        var record = await db.ProcessDefinitions.AsNoTracking()
            .Where(d => d.Key == key).OrderByDescending(d => d.Version).FirstOrDefaultAsync(cancellationToken);
        if (record is null || record.Version != version)
        {
            return; // a newer version took over its own timers
        }

        await runtime.StartAsync(new StartProcessCommand(key, version, StartEventId: startEventId, StartedBy: "timer"), cancellationToken);
        var timer = TimerStartSchedules.TimerStarts(definitions.Get(record)).FirstOrDefault(s => s.Start.Id == startEventId).Timer;
        if (timer is not null)
        {
            schedules.ScheduleNext(key, version, startEventId, timer, due, firedCount);
        }
    }
}
