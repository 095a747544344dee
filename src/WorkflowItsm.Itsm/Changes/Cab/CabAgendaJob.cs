using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Changes.Cab;

/// <summary>
/// Builds each active board's next meeting and its agenda (a recurring job, hourly): the normal changes of moderate
/// risk or more that await authorization and start before the meeting after it — they must be decided in this one —
/// earliest start first, each in its time slot. Decisions already taken are kept; a change no longer waiting leaves
/// the agenda. The board (members, their delegates, the manager) gets the agenda by notification and email whenever
/// it changes. Safe on several hosts: one meeting per board and start (unique), rebuilt the same way by each.
/// </summary>
public sealed partial class CabAgendaJob(ItsmDbContext db, DirectoryGroups groups, Notifier notifier, TimeProvider time, ILogger<CabAgendaJob> logger)
{
    public const string RecurringId = "cab-agenda";

    /// <summary>Hourly: agendas follow the changes submitted during the day.</summary>
    public const string Cron = "5 * * * *";

    // Risk is stored as its name, so "moderate or more" is a list, not a comparison.
    private static readonly ChangeRisk[] BoardRisks = [ChangeRisk.Moderate, ChangeRisk.High, ChangeRisk.VeryHigh];

    public async Task BuildAgendasAsync(CancellationToken cancellationToken)
    {
        var definitions = await db.CabDefinitions.AsNoTracking().Include(d => d.Delegates).Where(d => d.Active).OrderBy(d => d.Id).ToListAsync(cancellationToken);
        foreach (var definition in definitions)
        {
            await BuildNextAsync(definition, cancellationToken);
        }
    }

    /// <summary>The board's next meeting with its agenda as it stands now (null when the schedule has no next meeting).</summary>
    public async Task<CabMeeting?> BuildNextAsync(CabDefinition definition, CancellationToken cancellationToken)
    {
        var schedule = CabSchedule.Of(definition);
        var now = time.GetUtcNow().UtcDateTime;
        if (schedule.NextAfter(now) is not { } startsAt)
        {
            return null;
        }

        var decideBefore = schedule.NextAfter(startsAt) ?? DateTime.MaxValue;
        var meeting = await db.CabMeetings.Include(m => m.Items).FirstOrDefaultAsync(m => m.CabDefinitionId == definition.Id && m.StartsAt == startsAt, cancellationToken);
        if (meeting is null)
        {
            meeting = new CabMeeting { CabDefinitionId = definition.Id, StartsAt = startsAt, EndsAt = startsAt.AddMinutes(definition.MeetingMinutes), State = CabMeetingState.Planned };
            db.CabMeetings.Add(meeting);
        }
        else if (meeting.State != CabMeetingState.Planned)
        {
            return meeting;
        }

        var waiting = await db.Changes.AsNoTracking()
            .Where(c => c.State == ChangeState.Authorize && c.Type == ChangeType.Normal && BoardRisks.Contains(c.Risk) && !c.OnHold
                && c.PlannedStart != null && c.PlannedStart < decideBefore)
            .OrderBy(c => c.PlannedStart).ThenBy(c => c.Number)
            .Select(c => new { c.Number, c.ShortDescription })
            .ToListAsync(cancellationToken);
        var before = string.Join(",", meeting.Items.OrderBy(i => i.Position).Select(i => i.ChangeNumber));
        var waitingNumbers = waiting.Select(c => c.Number).ToHashSet(StringComparer.Ordinal);
        meeting.Items.RemoveAll(i => i.Decision == CabDecision.Pending && !waitingNumbers.Contains(i.ChangeNumber));
        foreach (var change in waiting.Where(c => meeting.Items.All(i => i.ChangeNumber != c.Number)))
        {
            meeting.Items.Add(new CabAgendaItem { ChangeNumber = change.Number, Minutes = definition.MinutesPerChange });
        }

        // Decided items first (they were discussed), then the waiting ones by planned start: the agenda's order.
        var order = waiting.Select((c, i) => (c.Number, i)).ToDictionary(x => x.Number, x => x.i, StringComparer.Ordinal);
        var slot = meeting.StartsAt;
        var position = 1;
        foreach (var item in meeting.Items.OrderBy(i => i.Decision == CabDecision.Pending ? 1 : 0)
                     .ThenBy(i => order.GetValueOrDefault(i.ChangeNumber, -1)).ThenBy(i => i.ChangeNumber, StringComparer.Ordinal))
        {
            item.Position = position++;
            item.StartsAt = slot;
            slot = slot.AddMinutes(item.Minutes);
        }

        meeting.AgendaBuiltAt = now;
        var after = string.Join(",", meeting.Items.OrderBy(i => i.Position).Select(i => i.ChangeNumber));
        var changed = before != after;
        if (changed && meeting.Items.Count > 0)
        {
            meeting.AgendaSentAt = now;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (meeting.Id == 0)
        {
            // Another host planned the same meeting at the same moment; its agenda stands, this run's is dropped.
            db.ChangeTracker.Clear();
            return await db.CabMeetings.Include(m => m.Items).AsNoTracking().FirstAsync(m => m.CabDefinitionId == definition.Id && m.StartsAt == startsAt, cancellationToken);
        }

        if (changed && meeting.Items.Count > 0)
        {
            await SendAgendaAsync(definition, meeting, waiting.ToDictionary(c => c.Number, c => c.ShortDescription, StringComparer.Ordinal), cancellationToken);
            LogAgenda(logger, definition.Name, meeting.StartsAt, meeting.Items.Count);
        }

        return meeting;
    }

    /// <summary>Who gets the agenda: the board's members, the delegates of members, and the manager.</summary>
    public async Task<IReadOnlyList<string>> BoardAsync(CabDefinition definition, CancellationToken cancellationToken)
    {
        var members = await groups.MembersOfAsync([definition.MembersGroup], cancellationToken);
        return [.. members.Concat(definition.Delegates.Where(d => members.Contains(d.Member)).Select(d => d.Delegate)).Append(definition.Manager)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    private async Task SendAgendaAsync(CabDefinition definition, CabMeeting meeting, IReadOnlyDictionary<string, string> titles, CancellationToken cancellationToken)
    {
        var lines = meeting.Items.OrderBy(i => i.Position).Select(i =>
            $"{i.StartsAt.ToString("HH:mm", CultureInfo.InvariantCulture)} {i.ChangeNumber} {titles.GetValueOrDefault(i.ChangeNumber, string.Empty)} ({i.Minutes} min)".TrimEnd());
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["task"] = definition.Name,
            ["due"] = meeting.StartsAt.ToString("ddd d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture),
            ["record"] = string.Join("; ", lines),
            ["by"] = meeting.Items.Count.ToString(CultureInfo.InvariantCulture),
        };
        await notifier.NotifyAsync(NotificationKinds.CabAgenda, await BoardAsync(definition, cancellationToken), values, $"/changes/cab/meetings/{meeting.Id}", cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CAB '{Board}' meeting at {StartsAt:O}: agenda of {Count} changes sent.")]
    private static partial void LogAgenda(ILogger logger, string board, DateTime startsAt, int count);
}
