using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Calendars;
using WorkflowItsm.Itsm.Changes.Cab;
using WorkflowItsm.Itsm.Changes.Conflicts;
using WorkflowItsm.Itsm.Changes.Freezes;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Changes;

/// <summary>What the change calendar draws.</summary>
public enum CalendarEntryKind
{
    Change,
    MaintenanceWindow,
    Blackout,
    Freeze,
    CabMeeting,

    /// <summary>A planned phase of a release (<see cref="IChangeCalendarSource"/> of the releases), whole days.</summary>
    ReleasePhase,
}

/// <summary>
/// More entries for the change calendar from a module that stands on changes (releases): the calendar asks each
/// registered source for its entries of the range, so changes need not know those modules.
/// </summary>
public interface IChangeCalendarSource
{
    Task<IReadOnlyList<CalendarEntry>> EntriesAsync(DateTime from, DateTime to, CancellationToken cancellationToken);
}

/// <summary>
/// One thing on the change calendar, from <see cref="Start"/> to <see cref="End"/> (UTC): a change (its number, state,
/// whether it has conflicts or is on hold), an opening of a maintenance window, a blackout, a freeze or a CAB meeting
/// (<see cref="Link"/> its page, <see cref="Detail"/> its agenda, one change a line).
/// </summary>
public sealed record CalendarEntry(
    CalendarEntryKind Kind, string Id, string Title, DateTime Start, DateTime End, string? ChangeNumber, string? State, bool HasConflicts, bool OnHold,
    string? Detail, string? Link = null);

/// <summary>A change with the sentences of its conflicts.</summary>
public sealed record ChangeWithConflicts(string Number, string Title, DateTime Start, DateTime End, IReadOnlyList<string> Conflicts);

/// <summary>The calendar of a stretch of time; <see cref="More"/> when there were more changes than one answer holds.</summary>
public sealed record CalendarRange(DateTime From, DateTime To, IReadOnlyList<CalendarEntry> Entries, bool More);

/// <summary>
/// The change calendar of a range: the changes planned in it (indexed on planned start; a change that starts more
/// than <see cref="LookBackDays"/> days before the range is not drawn, being a project rather than a change), with
/// whether each has conflicts (one EXISTS on the indexed conflicts), the maintenance windows' openings, the blackouts
/// and the freezes that are not cancelled, the CAB meetings that are not cancelled with their agendas, and what the
/// other modules add (<see cref="IChangeCalendarSource"/>: the releases' planned phases).
/// </summary>
public sealed class ChangeCalendar(ItsmDbContext db, ChangeWindows windows, ChangeFreezes freezes, IEnumerable<IChangeCalendarSource> sources)
{
    public const int LookBackDays = 31;
    public const int MaxChanges = 2_000;

    /// <summary>A calendar page asks at most this much at a time (a month view shows six weeks).</summary>
    public const int MaxRangeDays = 100;

    public async Task<CalendarRange> RangeAsync(DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var earliest = from.AddDays(-LookBackDays);
        var changes = await db.Changes.AsNoTracking()
            .Where(c => c.PlannedStart >= earliest && c.PlannedStart < to && c.PlannedEnd > from && c.State != ChangeState.Cancelled)
            .OrderBy(c => c.PlannedStart)
            .Take(MaxChanges + 1)
            .Select(c => new
            {
                c.Number, c.ShortDescription, c.State, Start = c.PlannedStart!.Value, End = c.PlannedEnd!.Value, c.OnHold, c.ConfigurationItem,
                HasConflicts = db.Set<ChangeConflict>().Any(k => k.ChangeId == c.Id),
            })
            .ToListAsync(cancellationToken);
        var entries = changes.Take(MaxChanges).Select(c => new CalendarEntry(CalendarEntryKind.Change, c.Number, $"{c.Number} {c.ShortDescription}",
            Utc(c.Start), Utc(c.End), c.Number, c.State.ToString(), c.HasConflicts, c.OnHold, c.ConfigurationItem)).ToList();

        foreach (var window in await windows.InRangeAsync(from, to, cancellationToken))
        {
            var kind = window.Kind == ChangeWindowKind.Blackout ? CalendarEntryKind.Blackout : CalendarEntryKind.MaintenanceWindow;
            var scope = window.AppliesToAll ? "Everything" : string.Join(", ", window.Targets.Select(t => t.CiNumber));
            entries.AddRange(window.Occurrences(from, to).Select(o => new CalendarEntry(kind, $"window-{window.Id}-{o.Start.Ticks}", window.Name,
                Utc(o.Start), Utc(o.End), null, null, false, false, scope)));
        }

        foreach (var freeze in await freezes.InRangeAsync(from, to, cancellationToken))
        {
            entries.Add(new CalendarEntry(CalendarEntryKind.Freeze, $"freeze-{freeze.Id}", freeze.Name, Utc(freeze.Start), Utc(freeze.End), null,
                freeze.State.ToString(), false, false, string.Join(", ", freeze.Scope.Select(s => s.CiNumber))));
        }

        entries.AddRange(await CabMeetingsAsync(from, to, cancellationToken));
        foreach (var source in sources)
        {
            entries.AddRange(await source.EntriesAsync(from, to, cancellationToken));
        }

        return new CalendarRange(from, to, entries, changes.Count > MaxChanges);
    }

    /// <summary>The page of a CAB meeting, relative to the site.</summary>
    public static string CabMeetingLink(long meetingId) => $"changes/cab/meetings/{meetingId}";

    /// <summary>
    /// The boards' meetings in the range (three queries, whatever their number): each lasts as its board says, or
    /// longer when its agenda runs over; the detail lists the agenda's changes with their titles in agenda order.
    /// </summary>
    private async Task<IReadOnlyList<CalendarEntry>> CabMeetingsAsync(DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var meetings = await db.CabMeetings.AsNoTracking()
            .Where(m => m.StartsAt < to && m.StartsAt >= from.AddDays(-1) && m.State != CabMeetingState.Cancelled)
            .Join(db.CabDefinitions, m => m.CabDefinitionId, d => d.Id, (m, d) => new { m.Id, m.StartsAt, m.EndsAt, m.State, Board = d.Name })
            .OrderBy(m => m.StartsAt).ThenBy(m => m.Id)
            .Take(MaxChanges)
            .ToListAsync(cancellationToken);
        if (meetings.Count == 0)
        {
            return [];
        }

        var ids = meetings.Select(m => m.Id).ToList();
        var items = await db.Set<CabAgendaItem>().AsNoTracking().Where(i => ids.Contains(i.CabMeetingId))
            .OrderBy(i => i.Position).ThenBy(i => i.Id)
            .Select(i => new { i.CabMeetingId, i.ChangeNumber, i.StartsAt, i.Minutes })
            .ToListAsync(cancellationToken);
        var numbers = items.Select(i => i.ChangeNumber).Distinct().ToList();
        var titles = await db.Changes.AsNoTracking().Where(c => numbers.Contains(c.Number))
            .Select(c => new { c.Number, c.ShortDescription })
            .ToDictionaryAsync(c => c.Number, c => c.ShortDescription, StringComparer.Ordinal, cancellationToken);
        var agendas = items.ToLookup(i => i.CabMeetingId);
        return [.. meetings
            .Select(m =>
            {
                var agenda = agendas[m.Id].ToList();
                var end = agenda.Select(i => i.StartsAt.AddMinutes(i.Minutes)).Append(m.EndsAt).Max();
                var detail = agenda.Count == 0
                    ? "No changes on the agenda yet."
                    : string.Join("\n", agenda.Select(i => $"{i.ChangeNumber} {titles.GetValueOrDefault(i.ChangeNumber) ?? "(no longer found)"}"));
                return new CalendarEntry(CalendarEntryKind.CabMeeting, $"cab-meeting-{m.Id}", $"{m.Board} meeting", Utc(m.StartsAt), Utc(end), null,
                    m.State.ToString(), false, false, detail, CabMeetingLink(m.Id));
            })
            .Where(e => e.End > from)];
    }

    /// <summary>The open changes planned from <paramref name="from"/> to <paramref name="to"/> that have conflicts, soonest first, each with its conflicts' sentences.</summary>
    public async Task<IReadOnlyList<ChangeWithConflicts>> ConflictsAheadAsync(DateTime from, DateTime to, int max, CancellationToken cancellationToken)
    {
        var open = ChangeLifecycle.Open.ToList();
        var changes = await db.Changes.AsNoTracking()
            .Where(c => c.PlannedStart >= from && c.PlannedStart < to && open.Contains(c.State) && db.Set<ChangeConflict>().Any(k => k.ChangeId == c.Id))
            .OrderBy(c => c.PlannedStart).Take(max)
            .Select(c => new { c.Id, c.Number, c.ShortDescription, Start = c.PlannedStart!.Value, End = c.PlannedEnd!.Value })
            .ToListAsync(cancellationToken);
        var ids = changes.Select(c => c.Id).ToList();
        var conflicts = (await db.Set<ChangeConflict>().AsNoTracking().Where(k => ids.Contains(k.ChangeId)).OrderBy(k => k.Id)
            .Select(k => new { k.ChangeId, k.Description }).ToListAsync(cancellationToken)).ToLookup(k => k.ChangeId, k => k.Description);
        return [.. changes.Select(c => new ChangeWithConflicts(c.Number, c.ShortDescription, Utc(c.Start), Utc(c.End), [.. conflicts[c.Id]]))];
    }

    private static DateTime Utc(DateTime moment) => DateTime.SpecifyKind(moment, DateTimeKind.Utc);
}
