using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime.Instances;
using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Itsm.ServiceLevels;

/// <summary>
/// A clock's warning or breach moment (a scheduled job). It recomputes from the stored clock, so a job that
/// comes early, late or twice does no harm: warnings are sent once (recorded on the clock, whose revision guards
/// against two hosts at once), the breach is marked once, notifies, and starts the definition's escalation process.
/// </summary>
public sealed partial class SlaCheckJob(ItsmDbContext db, Directory.DirectoryGroups directory, SlaClocks clocks, BusinessCalendars calendars, Notifier notifier, WorkflowRuntime runtime,
    TimeProvider time, ILogger<SlaCheckJob> logger, IEnumerable<ISlaEventObserver> observers)
{
    private const int MaxAttempts = 3;

    // The due moment comes from AddBusinessTime, the elapsed time from BusinessTimeBetween: allow for rounding between them.
    private const double SlackSeconds = 1;

    [JobRetries(5)]
    public async Task RunAsync(Guid clockId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            try
            {
                await CheckAsync(clockId, cancellationToken);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                // Another host checked or changed the clock meanwhile: look again at what it left.
            }
        }
    }

    private async Task CheckAsync(Guid clockId, CancellationToken cancellationToken)
    {
        // One transaction: the warning or breach mark, its notifications and the escalation instance are stored together.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var clock = await db.SlaClocks.FirstOrDefaultAsync(c => c.Id == clockId, cancellationToken);
        if (clock is not { State: SlaClockState.Running })
        {
            return; // paused, stopped or replaced since: a later plan has its own job
        }

        var now = time.GetUtcNow().UtcDateTime;
        var incident = await db.Incidents.FirstAsync(i => i.Id == clock.IncidentId, cancellationToken);
        var calendar = await calendars.GetAsync(clock.CalendarKey, cancellationToken);
        await clocks.DefinitionsAsync(cancellationToken);
        var elapsed = SlaClocks.ElapsedSeconds(clock, calendar, now) + SlackSeconds;
        var sent = SlaDefinition.SplitList(clock.WarningsSent).ToList();
        var due = clock.DueAt?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var changed = false;

        var reachedWarnings = clocks.Warnings(clock).Where(p => elapsed >= clock.TargetSeconds * p / 100.0 && !sent.Contains(p.ToString(CultureInfo.InvariantCulture))).ToList();
        if (reachedWarnings.Count > 0 && elapsed < clock.TargetSeconds)
        {
            var percent = reachedWarnings.Max();
            sent.AddRange(reachedWarnings.Select(p => p.ToString(CultureInfo.InvariantCulture)));
            clocks.AddEvent(clock, SlaClockEvents.Warned, now, elapsed, $"{percent} %");
            await notifier.NotifyAsync(NotificationKinds.SlaWarning, await RecipientsAsync(incident, cancellationToken),
                Values(incident, clock, due, $"{percent} %"), IncidentLink(incident), cancellationToken);
            foreach (var observer in observers)
            {
                await observer.WarnedAsync(incident, clock, cancellationToken);
            }

            changed = true;
        }

        if (elapsed >= clock.TargetSeconds && clock.BreachedAt is null)
        {
            // Every warning below the breach counts as given: warning after the breach would only confuse.
            sent.AddRange(clocks.Warnings(clock).Select(p => p.ToString(CultureInfo.InvariantCulture)));
            clock.BreachedAt = clock.DueAt is { } dueAt && dueAt <= now ? dueAt : now;
            clocks.AddEvent(clock, SlaClockEvents.Breached, now, elapsed, null);
            await notifier.NotifyAsync(NotificationKinds.SlaBreached, await RecipientsAsync(incident, cancellationToken),
                Values(incident, clock, due, null), IncidentLink(incident), cancellationToken);
            await StartEscalationAsync(incident, clock, cancellationToken);
            foreach (var observer in observers)
            {
                await observer.BreachedAsync(incident, clock, cancellationToken);
            }

            changed = true;
        }

        if (!changed)
        {
            return; // early (the plan moved): the job of the new plan comes later
        }

        clock.WarningsSent = string.Join(',', sent.Distinct(StringComparer.Ordinal));
        await clocks.PlanAsync(clock, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task StartEscalationAsync(Incident incident, SlaClock clock, CancellationToken cancellationToken)
    {
        var definition = (await clocks.DefinitionsAsync(cancellationToken)).FirstOrDefault(d => d.Id == clock.DefinitionId);
        if (string.IsNullOrWhiteSpace(definition?.BreachProcessKey))
        {
            return;
        }

        try
        {
            // The runtime's save stores the breach mark with the new instance: one transaction.
            await runtime.StartAsync(new StartProcessCommand(definition.BreachProcessKey, BusinessKey: incident.Number, Variables: new Dictionary<string, object?>
            {
                ["incidentNumber"] = incident.Number,
                ["slaName"] = clock.Name,
                ["slaKind"] = clock.Kind.ToString(),
                ["assignmentGroup"] = incident.AssignmentGroup,
                ["assignedTo"] = incident.AssignedTo,
                ["priority"] = (long)incident.Priority,
            }), cancellationToken);
        }
        catch (RuntimeNotFoundException)
        {
            LogNoEscalation(logger, incident.Number, definition.BreachProcessKey);
        }
    }

    private async Task<IReadOnlyList<string>> RecipientsAsync(Incident incident, CancellationToken cancellationToken) =>
        incident.AssignedTo is { } assignee
            ? [assignee]
            : await directory.MembersOfAsync(incident.AssignmentGroup is { } group ? [group] : [], cancellationToken);

    private static Dictionary<string, string?> Values(Incident incident, SlaClock clock, string? due, string? used) => new()
    {
        ["task"] = clock.Name,
        ["process"] = "SLA",
        ["record"] = incident.Number,
        ["due"] = due,
        ["by"] = used,
    };

    private static string IncidentLink(Incident incident) => $"/incidents/{incident.Number}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "SLA breached on {Number}, but its escalation process '{Process}' is not deployed")]
    private static partial void LogNoEscalation(ILogger logger, string number, string process);
}
