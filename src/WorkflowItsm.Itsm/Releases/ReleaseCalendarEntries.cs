using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Releases;

/// <summary>
/// The releases on the change calendar: each planned phase of a release that is not cancelled, as whole days from
/// its planned start to its planned end (the last one ends on the readiness date), linking to the release.
/// </summary>
public sealed class ReleaseCalendarEntries(ItsmDbContext db) : IChangeCalendarSource
{
    /// <summary>The release's page, relative to the site.</summary>
    public static string Link(string number) => $"releases/{number}";

    public async Task<IReadOnlyList<CalendarEntry>> EntriesAsync(DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var first = DateOnly.FromDateTime(from);
        var last = DateOnly.FromDateTime(to);
        var phases = await db.Releases.AsNoTracking()
            .Where(r => r.State != ReleaseState.Cancelled)
            .SelectMany(r => r.Phases.Where(p => p.PlannedStart <= last && p.PlannedEnd >= first), (r, p) => new
            {
                r.Number, r.ShortDescription, r.State, r.ReadinessDate, p.Position, p.Name, p.PlannedStart, p.PlannedEnd, p.WorkingDays, PhaseState = p.State,
            })
            .OrderBy(p => p.PlannedStart).ThenBy(p => p.Number)
            .Take(ChangeCalendar.MaxChanges)
            .ToListAsync(cancellationToken);
        return [.. phases.Select(p => new CalendarEntry(
            CalendarEntryKind.ReleasePhase, $"release-{p.Number}-{p.Position}", $"{p.Number} {p.Name}: {p.ShortDescription}",
            p.PlannedStart.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), p.PlannedEnd.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            null, p.State.ToString(), false, false,
            $"{p.Name} ({ReleaseLabels.Phase(p.PhaseState).ToLowerInvariant()}), {p.WorkingDays} working days; the release is {ReleaseLabels.State(p.State).ToLowerInvariant()}, ready by {p.ReadinessDate:yyyy-MM-dd}.",
            Link(p.Number)))];
    }
}
