using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Runtime.Timers;

/// <summary>The job of a timer start event.</summary>
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
