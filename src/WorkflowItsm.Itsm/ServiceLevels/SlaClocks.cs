using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Itsm.ServiceLevels;

/// <summary>Names of the points on a clock's timeline.</summary>
public static class SlaClockEvents
{
    public const string Started = "started";
    public const string Paused = "paused";
    public const string Resumed = "resumed";
    public const string Warned = "warning";
    public const string Breached = "breached";
    public const string Stopped = "stopped";
    public const string Cancelled = "cancelled";
    public const string Recalculated = "recalculated";
    public const string Restarted = "restarted";
}

/// <summary>A clock's next check job: which clock, and when.</summary>
internal readonly record struct PlannedCheck(Guid ClockId, DateTimeOffset At);

/// <summary>
/// Runs the SLA clocks of incidents. After every change of an incident (in the same unit of work, before the save)
/// <see cref="ApplyAsync"/> works out which definitions cover it now and moves its clocks: start, pause on the
/// definition's on-hold reasons, resume, stop at response or resolution, resume a resolution clock when the incident is
/// reopened, and — when priority or anything else makes another definition apply — replace the clock by one of the new
/// definition that keeps the business time already spent. Each running clock has its next warning or breach moment as
/// a scheduled job (<see cref="SlaCheckJob"/>); the job is idempotent and a reconciliation job catches lost ones.
/// </summary>
public sealed class SlaClocks(ItsmDbContext db, BusinessCalendars calendars, TimeProvider time, IJobs jobs)
{
    private const int ConcurrentSchedules = 4;
    private List<SlaDefinition>? definitions;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public async Task ApplyAsync(Incident incident, CancellationToken cancellationToken)
    {
        var covering = await DefinitionsAsync(cancellationToken);
        var clocks = db.SlaClocks.Local.Where(c => c.Incident == incident || (incident.Id != 0 && c.IncidentId == incident.Id)).ToList();
        if (incident.Id != 0)
        {
            var loaded = clocks.Select(c => c.Id).ToList();
            clocks.AddRange(await db.SlaClocks.Where(c => c.IncidentId == incident.Id && c.State != SlaClockState.Cancelled && !loaded.Contains(c.Id)).ToListAsync(cancellationToken));
        }

        foreach (var kind in Enum.GetValues<SlaKind>())
        {
            var current = CurrentOf(clocks, kind);
            var wanted = covering.Where(d => d.Kind == kind && d.Covers(incident)).OrderBy(d => d.Order).ThenBy(d => d.Id).FirstOrDefault();
            await MoveAsync(incident, kind, current, wanted, cancellationToken);
        }
    }

    private async Task MoveAsync(Incident incident, SlaKind kind, SlaClock? current, SlaDefinition? wanted, CancellationToken cancellationToken)
    {
        var now = Now;
        if (incident.State == IncidentState.Cancelled)
        {
            if (current is { IsActive: true })
            {
                await CancelAsync(current, now, "incident cancelled", cancellationToken);
            }

            return;
        }

        var reached = kind == SlaKind.Response
            ? (incident.State != IncidentState.New && current?.RestartedAt is null) || incident.AssignedTo is not null
            : incident.State is IncidentState.Resolved or IncidentState.Closed;
        if (current is null)
        {
            if (wanted is not null && !reached)
            {
                await PlanAsync(Start(incident, wanted, 0, now, null), now, cancellationToken);
            }

            return;
        }

        if (current.IsActive && current.DefinitionId != wanted?.Id && !reached)
        {
            // Another promise applies now (priority, service or group changed): it continues with the time already spent.
            var calendar = await calendars.GetAsync(current.CalendarKey, cancellationToken);
            var spent = ElapsedSeconds(current, calendar, now);
            await CancelAsync(current, now, wanted is null ? "no SLA covers the incident any more" : $"replaced by {wanted.Name}", cancellationToken);
            if (wanted is not null)
            {
                var next = Start(incident, wanted, spent, now, $"recalculated from {current.Name}");
                next.WarningsSent = current.WarningsSent;
                next.BreachedAt = current.BreachedAt;
                await PlanAsync(next, now, cancellationToken);
            }

            return;
        }

        var definition = definitions!.FirstOrDefault(d => d.Id == current.DefinitionId);
        var pause = incident.State == IncidentState.OnHold && definition?.PausesOn(incident.OnHoldReason) == true;
        switch (current.State)
        {
            case SlaClockState.Running or SlaClockState.Paused when reached:
                await StopAsync(current, now, cancellationToken);
                break;
            case SlaClockState.Running when pause:
                await FoldAsync(current, now, SlaClockEvents.Paused, incident.OnHoldReason?.ToString(), cancellationToken);
                current.State = SlaClockState.Paused;
                current.Revision++;
                Unplan(current);
                break;
            case SlaClockState.Paused when !pause:
                Resume(current, now, SlaClockEvents.Resumed, null);
                await PlanAsync(current, now, cancellationToken);
                break;
            case SlaClockState.Stopped when kind == SlaKind.Resolution && !reached:
                // Reopened: the resolution promise was not kept after all, and its clock goes on from where it stopped.
                current.StoppedAt = null;
                Resume(current, now, SlaClockEvents.Resumed, "reopened");
                if (pause)
                {
                    current.State = SlaClockState.Paused;
                    current.RunningSince = null;
                    Unplan(current);
                }
                else
                {
                    await PlanAsync(current, now, cancellationToken);
                }

                break;
        }
    }

    /// <summary>
    /// The incident was handed to another group (a functional escalation): when its response definition says so
    /// (<see cref="SlaDefinition.RestartOnReassignment"/>), the response clock starts again from zero and runs until
    /// someone takes it on; the old one is cancelled. Call before the save, as <see cref="ApplyAsync"/>.
    /// </summary>
    /// <returns>The new clock, or null when the definition keeps the old one (or none covers the incident).</returns>
    public async Task<SlaClock?> RestartResponseAsync(Incident incident, string why, CancellationToken cancellationToken)
    {
        var wanted = (await DefinitionsAsync(cancellationToken))
            .Where(d => d.Kind == SlaKind.Response && d.Covers(incident)).OrderBy(d => d.Order).ThenBy(d => d.Id).FirstOrDefault();
        if (wanted is not { RestartOnReassignment: true } || incident.State is IncidentState.Resolved or IncidentState.Closed or IncidentState.Cancelled || incident.AssignedTo is not null)
        {
            return null;
        }

        var now = Now;
        var clocks = await db.SlaClocks.Where(c => c.IncidentId == incident.Id && c.Kind == SlaKind.Response && c.State != SlaClockState.Cancelled).ToListAsync(cancellationToken);
        foreach (var active in clocks.Where(c => c.IsActive))
        {
            await CancelAsync(active, now, why, cancellationToken);
        }

        var clock = Start(incident, wanted, 0, now, null);
        clock.RestartedAt = now;
        AddEvent(clock, SlaClockEvents.Restarted, now, 0, why);
        await PlanAsync(clock, now, cancellationToken);
        return clock;
    }

    /// <summary>
    /// When the incident is due to be resolved, by its current resolution clock: null when none covers it, or while it
    /// is paused, stopped or cancelled (nothing is due then).
    /// </summary>
    public static DateTime? ResolutionDue(IEnumerable<SlaClock> clocksOfOneIncident) =>
        CurrentOf(clocksOfOneIncident, SlaKind.Resolution) is { State: SlaClockState.Running } clock ? clock.DueAt : null;

    /// <summary>An incident's clock of a kind: the newest not cancelled (a replaced clock is cancelled).</summary>
    private static SlaClock? CurrentOf(IEnumerable<SlaClock> clocksOfOneIncident, SlaKind kind) =>
        clocksOfOneIncident.Where(c => c.Kind == kind && c.State != SlaClockState.Cancelled).MaxBy(c => c.StartedAt);

    /// <summary>Business time counted so far on <paramref name="clock"/>.</summary>
    /// <summary>Business time a clock has used at <paramref name="now"/>, and what is left of its target (never below zero).</summary>
    public static (TimeSpan Elapsed, TimeSpan Remaining) Progress(SlaClock clock, BusinessCalendar calendar, DateTime now)
    {
        var elapsed = TimeSpan.FromSeconds(ElapsedSeconds(clock, calendar, now));
        var remaining = clock.Target - elapsed;
        return (elapsed, remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
    }

    public static double ElapsedSeconds(SlaClock clock, BusinessCalendar calendar, DateTime now) =>
        clock.ElapsedSeconds + (clock is { State: SlaClockState.Running, RunningSince: { } since } && now > since
            ? calendar.BusinessTimeBetween(Utc(since), Utc(now)).TotalSeconds
            : 0);

    /// <summary>
    /// Works out when a running clock is due and when its next warning or the breach comes, and schedules the check
    /// job for that moment. A clock past a moment already gets a check now.
    /// </summary>
    internal async Task PlanAsync(SlaClock clock, DateTime now, CancellationToken cancellationToken)
    {
        if (clock is { State: SlaClockState.Running, RunningSince: not null })
        {
            Plan(clock, now, await calendars.GetAsync(clock.CalendarKey, cancellationToken));
        }
        else
        {
            clock.Revision++;
            Unplan(clock);
        }
    }

    /// <summary>
    /// <see cref="PlanAsync"/> with the clock's calendar at hand, for many clocks of one calendar. The warnings come
    /// from the definitions: load them first (<see cref="DefinitionsAsync"/>). With <paramref name="checks"/> the
    /// check job is added there for <see cref="ScheduleChecksAsync"/> instead of being scheduled at once.
    /// </summary>
    internal void Plan(SlaClock clock, DateTime now, BusinessCalendar calendar, List<PlannedCheck>? checks = null)
    {
        clock.Revision++;
        if (clock is not { State: SlaClockState.Running, RunningSince: { } since })
        {
            Unplan(clock);
            return;
        }

        var remaining = clock.TargetSeconds - clock.ElapsedSeconds;
        clock.DueAt = remaining > 0 ? calendar.AddBusinessTime(Utc(since), TimeSpan.FromSeconds(remaining)).UtcDateTime : since;
        DateTime? next = clock.BreachedAt is null ? clock.DueAt : null;
        var sent = SlaDefinition.SplitList(clock.WarningsSent);
        foreach (var percent in Warnings(clock).Where(p => !sent.Contains(p.ToString(CultureInfo.InvariantCulture))))
        {
            var threshold = clock.TargetSeconds * percent / 100.0 - clock.ElapsedSeconds;
            var at = threshold > 0 ? calendar.AddBusinessTime(Utc(since), TimeSpan.FromSeconds(threshold)).UtcDateTime : now;
            next = next is null || at < next ? at : next;
        }

        clock.NextCheckAt = next;
        if (next is not { } moment)
        {
            return;
        }

        var check = new PlannedCheck(clock.Id, Utc(moment > now ? moment : now));
        if (checks is not null)
        {
            checks.Add(check);
        }
        else
        {
            Schedule(check);
        }
    }

    /// <summary>
    /// Schedules check jobs a few at a time: each costs several round trips to the job storage, and one after the
    /// other they would leave the database and this host mostly waiting. (Inside a transaction they wait for its
    /// commit, which hands them over a few at a time too.)
    /// </summary>
    internal async Task ScheduleChecksAsync(IReadOnlyCollection<PlannedCheck> checks, CancellationToken cancellationToken)
    {
        if (checks.Count == 0)
        {
            return;
        }

        await Parallel.ForEachAsync(checks, new ParallelOptions { MaxDegreeOfParallelism = ConcurrentSchedules, CancellationToken = cancellationToken }, (check, _) =>
        {
            Schedule(check);
            return ValueTask.CompletedTask;
        });
    }

    private void Schedule(PlannedCheck check)
    {
        var clockId = check.ClockId;
        jobs.Schedule<SlaCheckJob>(job => job.RunAsync(clockId, CancellationToken.None), check.At);
    }

    internal IReadOnlyList<int> Warnings(SlaClock clock)
    {
        var definition = definitions?.FirstOrDefault(d => d.Id == clock.DefinitionId) ?? db.SlaDefinitions.Local.FirstOrDefault(d => d.Id == clock.DefinitionId);
        return definition?.Warnings ?? [];
    }

    internal async Task<IReadOnlyList<SlaDefinition>> DefinitionsAsync(CancellationToken cancellationToken) =>
        definitions ??= await db.SlaDefinitions.AsNoTracking().ToListAsync(cancellationToken);

    internal void AddEvent(SlaClock clock, string kind, DateTime at, double elapsedSeconds, string? detail) =>
        db.SlaClockEvents.Add(new SlaClockEvent { Clock = clock, ClockId = clock.Id, Kind = kind, At = at, ElapsedSeconds = elapsedSeconds, Detail = detail });

    /// <summary>Counts the running part into <see cref="SlaClock.ElapsedSeconds"/> with the clock's calendar, and notes it on the timeline.</summary>
    internal async Task FoldAsync(SlaClock clock, DateTime now, string eventKind, string? detail, CancellationToken cancellationToken)
    {
        var calendar = await calendars.GetAsync(clock.CalendarKey, cancellationToken);
        FoldWith(clock, calendar, now);
        AddEvent(clock, eventKind, now, clock.ElapsedSeconds, detail);
    }

    internal static void FoldWith(SlaClock clock, BusinessCalendar calendar, DateTime now)
    {
        clock.ElapsedSeconds = ElapsedSeconds(clock, calendar, now);
        clock.RunningSince = clock.State == SlaClockState.Running ? now : null;
    }

    private SlaClock Start(Incident incident, SlaDefinition definition, double spentSeconds, DateTime now, string? recalculatedFrom)
    {
        var clock = new SlaClock
        {
            Id = Guid.NewGuid(),
            Incident = incident,
            IncidentId = incident.Id,
            DefinitionId = definition.Id,
            Kind = definition.Kind,
            Name = definition.Name,
            TargetSeconds = definition.TargetSeconds,
            CalendarKey = definition.CalendarKey,
            State = SlaClockState.Running,
            ElapsedSeconds = spentSeconds,
            RunningSince = now,
            StartedAt = now,
        };
        db.SlaClocks.Add(clock);
        AddEvent(clock, recalculatedFrom is null ? SlaClockEvents.Started : SlaClockEvents.Recalculated, now, spentSeconds, recalculatedFrom);
        return clock;
    }

    private async Task StopAsync(SlaClock clock, DateTime now, CancellationToken cancellationToken)
    {
        await FoldAsync(clock, now, SlaClockEvents.Stopped, null, cancellationToken);
        if (clock.ElapsedSeconds >= clock.TargetSeconds && clock.BreachedAt is null)
        {
            // Reached late although the breach job has not run yet (it was lost or is about to run).
            clock.BreachedAt = clock.DueAt is { } due && due <= now ? due : now;
        }

        clock.State = SlaClockState.Stopped;
        clock.StoppedAt = now;
        clock.RunningSince = null;
        clock.Revision++;
        Unplan(clock);
    }

    private async Task CancelAsync(SlaClock clock, DateTime now, string why, CancellationToken cancellationToken)
    {
        await FoldAsync(clock, now, SlaClockEvents.Cancelled, why, cancellationToken);
        clock.State = SlaClockState.Cancelled;
        clock.StoppedAt = now;
        clock.RunningSince = null;
        clock.Revision++;
        Unplan(clock);
    }

    private void Resume(SlaClock clock, DateTime now, string eventKind, string? detail)
    {
        clock.State = SlaClockState.Running;
        clock.RunningSince = now;
        AddEvent(clock, eventKind, now, clock.ElapsedSeconds, detail);
    }

    private static void Unplan(SlaClock clock)
    {
        clock.DueAt = null;
        clock.NextCheckAt = null;
    }

    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
