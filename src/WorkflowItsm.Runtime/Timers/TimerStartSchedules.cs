using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.Timers;
using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Runtime.Timers;

/// <summary>
/// Timer start events become jobs when their version is deployed: a cron cycle is a recurring job
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
            return; // no job engine needed (hosts and tests without one deploy most processes this way)
        }

        var jobs = services.GetRequiredService<IJobs>();
        foreach (var startEventId in dropped)
        {
            jobs.RemoveRecurring(RecurringJobId(deployed.Id, startEventId));
        }

        foreach (var (start, timer) in starts)
        {
            var text = timer.Value?.Raw ?? string.Empty;
            if (timer.Kind == TimerKind.Cycle && IsCron(text) && TryAddRecurring(jobs, deployed.Id, start.Id, text))
            {
                continue;
            }

            // Not a cron: no recurring job of an older version may fire on in its place.
            jobs.RemoveRecurring(RecurringJobId(deployed.Id, start.Id));
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

        services.GetRequiredService<IJobs>().Schedule<TimerStartJob>(
            job => job.StartVersionAsync(key, version, startEventId, alreadyFired + 1, due, CancellationToken.None), due);
        return true;
    }

    // Hangfire reads standard cron (and a leading seconds field); a Quartz form it refuses runs as a chain instead,
    // on the engine's own cron reading, which knows Quartz's day-of-week numbering.
    private static bool TryAddRecurring(IJobs jobs, string key, string startEventId, string cron)
    {
        if (cron.Contains('?', StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            jobs.AddOrUpdateRecurring<TimerStartJob>(RecurringJobId(key, startEventId), job => job.StartLatestAsync(key, startEventId, CancellationToken.None), cron);
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
