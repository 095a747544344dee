using WorkflowItsm.Itsm.Calendars;

namespace WorkflowItsm.Itsm.Changes.Conflicts;

/// <summary>What a conflict check found: kind, the other change, the CIs concerned, the relation path, the window, in words.</summary>
public sealed record ConflictFinding(
    ChangeConflictKind Kind, string? OtherChangeNumber, IReadOnlyList<string> CiNumbers, string? RelationPath, long? WindowId, string Description);

/// <summary>Another open change with a plan that touches the CIs looked at, or the assignee.</summary>
internal sealed record PlannedChange(string Number, DateTime Start, DateTime End, string? AssignedTo, IReadOnlyCollection<string> CiNumbers);

/// <summary>A CI next to the change's CIs in the CMDB: which of the change's CIs it is reached from and how.</summary>
internal sealed record RelatedCi(string Number, string Name, string From, string Path);

/// <summary>
/// Everything a conflict check needs about one change over one stretch of time, read once (a few indexed queries),
/// then asked in memory for any start and end inside that stretch: the check asks once, the next-free-slot search
/// thousands of times.
/// </summary>
internal sealed class ConflictScene
{
    public required IReadOnlyList<string> ChangeCis { get; init; }
    public required IReadOnlyDictionary<string, string> Names { get; init; }
    public required IReadOnlyDictionary<string, RelatedCi> Related { get; init; }

    /// <summary>Per change CI, the numbers a window may name to cover it: the CI and the business services that need it.</summary>
    public required IReadOnlyDictionary<string, IReadOnlySet<string>> CoveredBy { get; init; }
    public required IReadOnlyList<PlannedChange> OnCis { get; init; }
    public required IReadOnlyList<PlannedChange> OfAssignee { get; init; }
    public required IReadOnlyList<ChangeWindow> Windows { get; init; }
    public required DateTime From { get; init; }
    public required DateTime To { get; init; }
    public string? Assignee { get; init; }

    private Dictionary<long, List<(DateTime Start, DateTime End)>>? occurrences;

    // Which windows cover which CI does not depend on the time asked: worked out once, as the free-slot search asks thousands of times.
    private Dictionary<string, List<ChangeWindow>>? maintenanceByCi;
    private List<(ChangeWindow Window, List<string> Cis)>? blackouts;

    public IReadOnlyList<ChangeWindow> MaintenanceWindowsOf(string ci)
    {
        maintenanceByCi ??= ChangeCis.Distinct(StringComparer.Ordinal).ToDictionary(
            c => c, c => Windows.Where(w => w.Kind == ChangeWindowKind.Maintenance && Covers(w, c)).ToList(), StringComparer.Ordinal);
        return maintenanceByCi[ci];
    }

    private List<(ChangeWindow Window, List<string> Cis)> Blackouts() =>
        blackouts ??= [.. Windows.Where(w => w.Kind == ChangeWindowKind.Blackout).Select(w => (w, ChangeCis.Where(ci => Covers(w, ci)).ToList())).Where(b => b.Item2.Count > 0)];

    public IReadOnlyList<(DateTime Start, DateTime End)> OccurrencesOf(ChangeWindow window)
    {
        occurrences ??= Windows.ToDictionary(w => w.Id, w => w.Occurrences(From, To).ToList());
        return occurrences[window.Id];
    }

    private bool Covers(ChangeWindow window, string ci) =>
        window.AppliesToAll || window.Targets.Any(t => CoveredBy.TryGetValue(ci, out var keys) && keys.Contains(t.CiNumber));

    private string Name(string ci) => Names.TryGetValue(ci, out var name) ? name : ci;

    /// <summary>Every conflict of the change planned from <paramref name="start"/> to <paramref name="end"/> (within the scene's stretch); touching ends are no overlap.</summary>
    public List<ConflictFinding> Evaluate(DateTime start, DateTime end)
    {
        var found = new List<ConflictFinding>();
        var mine = ChangeCis.ToHashSet(StringComparer.Ordinal);
        foreach (var other in OnCis.Where(o => o.Start < end && o.End > start))
        {
            foreach (var ci in other.CiNumbers.Where(mine.Contains).Order(StringComparer.Ordinal))
            {
                found.Add(new ConflictFinding(ChangeConflictKind.SameCi, other.Number, [ci], null, null,
                    $"{other.Number} is planned on {Name(ci)} at the same time."));
            }
        }

        foreach (var other in OnCis.Where(o => o.Start < end && o.End > start))
        {
            foreach (var ci in other.CiNumbers.Where(c => !mine.Contains(c) && Related.ContainsKey(c)).Order(StringComparer.Ordinal))
            {
                var related = Related[ci];
                found.Add(new ConflictFinding(ChangeConflictKind.RelatedCi, other.Number, [ci], related.Path, null,
                    $"{other.Number} is planned on {related.Name} at the same time, and {related.Path}."));
            }
        }

        foreach (var ci in ChangeCis)
        {
            var windows = MaintenanceWindowsOf(ci);
            if (windows.Count > 0 && !windows.Any(w => OccurrencesOf(w).Any(o => o.Start <= start && o.End >= end)))
            {
                found.Add(new ConflictFinding(ChangeConflictKind.OutsideMaintenanceWindow, null, [ci], null, windows[0].Id,
                    $"{Name(ci)} is changed outside its maintenance window{(windows.Count > 1 ? "s" : "")} ({string.Join(", ", windows.Select(w => w.Name))})."));
            }
        }

        foreach (var (blackout, cis) in Blackouts().Where(b => OccurrencesOf(b.Window).Any(o => o.Start < end && o.End > start)))
        {
            found.Add(new ConflictFinding(ChangeConflictKind.Blackout, null, cis, null, blackout.Id,
                $"Planned inside the blackout \"{blackout.Name}\", which covers {string.Join(", ", cis.Select(Name))}."));
        }

        foreach (var other in OfAssignee.Where(o => o.Start < end && o.End > start))
        {
            found.Add(new ConflictFinding(ChangeConflictKind.AssigneeBusy, other.Number, [], null, null,
                $"{Assignee} works on {other.Number} at the same time."));
        }

        return found;
    }
}
