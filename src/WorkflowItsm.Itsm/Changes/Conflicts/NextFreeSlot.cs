using WorkflowItsm.Itsm.Calendars;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Changes.Conflicts;

/// <summary>A stretch of time a change could move to without any conflict.</summary>
public sealed record FreeSlot(DateTime Start, DateTime End);

/// <summary>
/// The first conflict-free window of a change's planned duration within <see cref="HorizonDays"/> days from its
/// planned start (or now, when later). The candidates are every quarter hour, the openings of its CIs' maintenance
/// windows and the ends of the changes in the way (so a slot right after another change is found); the scene is
/// read once for the whole horizon and each candidate is checked in memory.
/// </summary>
public sealed class NextFreeSlot(ChangeConflictCheck check, TimeProvider time)
{
    public const int HorizonDays = 90;
    public static readonly TimeSpan Step = TimeSpan.FromMinutes(15);

    /// <returns>The slot, or null when every candidate within the horizon conflicts.</returns>
    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordValidationException">The change has no planned start and end to take the duration from.</exception>
    public async Task<FreeSlot?> FindAsync(string number, CancellationToken cancellationToken)
    {
        var change = await check.ChangeAsync(number, tracked: false, cancellationToken);
        if (change.PlannedStart is not { } plannedStart || change.PlannedEnd is not { } plannedEnd || plannedEnd <= plannedStart)
        {
            throw new RecordValidationException("change", new Dictionary<string, string[]>
            {
                ["plannedEnd"] = ["Give the planned start and an end after it: the slot has the change's duration."],
            });
        }

        var duration = plannedEnd - plannedStart;
        var now = time.GetUtcNow().UtcDateTime;
        var from = DateTime.SpecifyKind(plannedStart > now ? plannedStart : RoundUp(now), DateTimeKind.Utc);
        var to = from.AddDays(HorizonDays);
        var scene = await check.SceneAsync(change, from, to + duration, cancellationToken);

        var candidates = new SortedSet<DateTime> { from };
        for (var at = RoundUp(from); at <= to; at += Step)
        {
            candidates.Add(at);
        }

        foreach (var window in scene.Windows.Where(w => w.Kind == ChangeWindowKind.Maintenance))
        {
            candidates.UnionWith(scene.OccurrencesOf(window).Select(o => o.Start).Where(s => s >= from && s <= to));
        }

        candidates.UnionWith(scene.OnCis.Concat(scene.OfAssignee).Select(o => o.End).Where(e => e >= from && e <= to));
        foreach (var start in candidates)
        {
            if (scene.Evaluate(start, start + duration).Count == 0)
            {
                return new FreeSlot(start, start + duration);
            }
        }

        return null;
    }

    private static DateTime RoundUp(DateTime moment) =>
        new(((moment.Ticks + Step.Ticks - 1) / Step.Ticks) * Step.Ticks, DateTimeKind.Utc);
}
