using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Calendars;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Changes.Conflicts;

/// <summary>Conflict detection settings (<c>Changes:Conflicts</c>).</summary>
public sealed class ChangeConflictOptions
{
    /// <summary>How many relations away (both ways) another change's CI still conflicts.</summary>
    public int RelationDepth { get; set; } = 2;

    /// <summary>How far up from a CI the business services whose windows cover it are looked for (service → application → cluster → VM → server).</summary>
    public int ServiceDepth { get; set; } = 4;

    /// <summary>
    /// The related CIs checked at most, nearest first: a core switch has thousands within two relations, and a change
    /// on it conflicts with any of them; beyond this many the check stays fast and reports the nearest.
    /// </summary>
    public int MaxRelatedCis { get; set; } = 2_000;
}

/// <summary>
/// Conflict detection for a change: the same CI planned by another open change at an overlapping time, a CI it
/// depends on or that depends on it (CMDB impact analysis, both ways, <see cref="ChangeConflictOptions.RelationDepth"/>),
/// outside its CIs' maintenance windows, inside a blackout (naming every CI it covers), the assignee busy. Touching
/// ends are no overlap. The change service calls it (as a plan observer) whenever the plan moves, and the findings
/// are stored with the change.
/// <para>Cost: one walk of the CMDB around the change's CIs (<see cref="ImpactAnalysis.SurroundingsAsync"/>: downstream
/// and each CI's upstream together, two queries per level), then one indexed query for the changes on the CIs found
/// (by affected CI and by main CI, in one round trip), one for the assignee's and one for the windows: about fifteen
/// round trips whatever the number of CIs; never a query per CI, per analysis or per change.</para>
/// </summary>
public sealed class ChangeConflictCheck(ItsmDbContext db, ImpactAnalysis impact, ChangeWindows windows, ChangeConflictOptions options, TimeProvider time)
    : IChangePlanObserver
{
    /// <summary>The conflicts of the change as planned now (none without a plan); nothing is stored.</summary>
    public async Task<IReadOnlyList<ConflictFinding>> CheckAsync(Change change, CancellationToken cancellationToken)
    {
        if (change.PlannedStart is not { } start || change.PlannedEnd is not { } end || end <= start)
        {
            return [];
        }

        var scene = await SceneAsync(change, start, end, cancellationToken);
        return scene.Evaluate(start, end);
    }

    /// <summary>Re-runs the check and replaces the change's stored conflicts, in the caller's unit of work.</summary>
    public async Task PlanChangedAsync(Change change, CancellationToken cancellationToken)
    {
        var findings = change.IsOpen ? await CheckAsync(change, cancellationToken) : [];
        if (change.Id != 0)
        {
            db.RemoveRange(await db.Set<ChangeConflict>().Where(c => c.ChangeId == change.Id).ToListAsync(cancellationToken));
        }

        var now = time.GetUtcNow().UtcDateTime;
        db.AddRange(findings.Select(f => new ChangeConflict
        {
            Change = change,
            Kind = f.Kind,
            OtherChangeNumber = f.OtherChangeNumber,
            CiNumbers = f.CiNumbers.Count == 0 ? null : string.Join(", ", f.CiNumbers),
            RelationPath = f.RelationPath,
            WindowId = f.WindowId,
            Description = f.Description,
            DetectedAt = now,
        }));
    }

    /// <summary>Checks the change numbered <paramref name="number"/> now and stores what was found.</summary>
    /// <exception cref="RecordNotFoundException"/>
    public async Task<IReadOnlyList<ChangeConflict>> CheckAndStoreAsync(string number, CancellationToken cancellationToken)
    {
        var change = await ChangeAsync(number, tracked: true, cancellationToken);
        await PlanChangedAsync(change, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return await StoredAsync(change.Id, cancellationToken);
    }

    /// <summary>The conflicts stored for the change, in the order found.</summary>
    /// <exception cref="RecordNotFoundException"/>
    public async Task<IReadOnlyList<ChangeConflict>> ListAsync(string number, CancellationToken cancellationToken)
    {
        var key = number.Trim().ToUpperInvariant();
        var id = await db.Changes.AsNoTracking().Where(c => c.Number == key).Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken)
            ?? throw RecordNotFoundException.For("change", key);
        return await StoredAsync(id, cancellationToken);
    }

    private async Task<IReadOnlyList<ChangeConflict>> StoredAsync(long changeId, CancellationToken cancellationToken) =>
        await db.Set<ChangeConflict>().AsNoTracking().Where(c => c.ChangeId == changeId).OrderBy(c => c.Id).ToListAsync(cancellationToken);

    internal async Task<Change> ChangeAsync(string number, bool tracked, CancellationToken cancellationToken)
    {
        var key = number.Trim().ToUpperInvariant();
        var query = db.Changes.Include(c => c.AffectedCis).Where(c => c.Number == key);
        return await (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(cancellationToken) ?? throw RecordNotFoundException.For("change", key);
    }

    /// <summary>The CIs the change touches: its main CI and its affected CIs.</summary>
    internal static IReadOnlyList<string> CisOf(Change change) =>
        [.. new[] { change.ConfigurationItem }.Concat(change.AffectedCis.Select(a => a.CiNumber))
            .Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.Trim().ToUpperInvariant()).Distinct()];

    /// <summary>Reads what the check of <paramref name="change"/> needs for plans between <paramref name="from"/> and <paramref name="to"/>.</summary>
    internal async Task<ConflictScene> SceneAsync(Change change, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var named = CisOf(change);
        var known = await db.ConfigurationItems.AsNoTracking().Where(c => named.Contains(c.Number))
            .Select(c => new { c.Number, c.ShortDescription }).ToListAsync(cancellationToken);
        var names = known.ToDictionary(c => c.Number, c => c.ShortDescription, StringComparer.Ordinal);
        var cis = named.Where(names.ContainsKey).ToList();

        var related = new Dictionary<string, RelatedCi>(StringComparer.Ordinal);
        var coveredBy = cis.ToDictionary(ci => ci, ci => new HashSet<string>(StringComparer.Ordinal) { ci }, StringComparer.Ordinal);
        if (cis.Count > 0)
        {
            var depth = Math.Clamp(options.RelationDepth, 0, ImpactAnalysis.MaxDepth);
            // Downstream far enough to find the business services that need the CIs (a window on a service covers them);
            // upstream of each CI as far as a related CI counts. One walk: two queries per level (relations, CIs reached) for all of them.
            var surroundings = await impact.SurroundingsAsync(cis, Math.Clamp(Math.Max(depth, options.ServiceDepth), 0, ImpactAnalysis.MaxDepth), depth, cancellationToken);
            var downstream = surroundings.Downstream;
            var types = await impact.RelationTypesAsync(cancellationToken);
            Collect(downstream, depth, types, related, names, cis);
            var byNumber = downstream.Items.ToDictionary(i => i.Number, StringComparer.Ordinal);
            foreach (var service in downstream.BusinessServices)
            {
                coveredBy[StartOf(byNumber, service)].Add(service.Number);
            }

            if (depth > 0)
            {
                foreach (var upstream in surroundings.UpstreamOfEach)
                {
                    Collect(upstream, depth, types, related, names, cis);
                }
            }
        }

        var looked = cis.Concat(related.Keys.Take(Math.Max(0, options.MaxRelatedCis))).ToList();
        var onCis = await PlannedOnAsync(change.Id, looked, from, to, cancellationToken);
        var ofAssignee = string.IsNullOrWhiteSpace(change.AssignedTo) ? [] : await PlannedForAsync(change.Id, change.AssignedTo, from, to, cancellationToken);
        var keys = coveredBy.Values.SelectMany(k => k).Distinct().ToList();
        var inRange = await windows.InRangeAsync(from, to, keys, cancellationToken);
        return new ConflictScene
        {
            ChangeCis = cis,
            Names = names,
            Related = related,
            CoveredBy = coveredBy.ToDictionary(c => c.Key, c => (IReadOnlySet<string>)c.Value, StringComparer.Ordinal),
            OnCis = onCis,
            OfAssignee = ofAssignee,
            Windows = inRange,
            From = from,
            To = to,
            Assignee = change.AssignedTo,
        };
    }

    /// <summary>The open changes (but <paramref name="exceptId"/>) with a plan meeting [from, to) on any of the CIs, with those of their CIs among them.</summary>
    private async Task<List<PlannedChange>> PlannedOnAsync(long exceptId, List<string> cis, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        if (cis.Count == 0)
        {
            return [];
        }

        var open = ChangeLifecycle.Open.ToList();
        var planned = db.Changes.AsNoTracking().Where(c => c.Id != exceptId && open.Contains(c.State) && c.PlannedStart < to && c.PlannedEnd > from);
        // Both ways a change names a CI (affected CIs, main CI) in one round trip.
        var rows = await planned
            .Join(db.ChangeAffectedCis.Where(a => cis.Contains(a.CiNumber)), c => c.Id, a => a.ChangeId,
                (c, a) => new { c.Number, Start = c.PlannedStart!.Value, End = c.PlannedEnd!.Value, c.AssignedTo, Ci = a.CiNumber })
            .Concat(planned.Where(c => cis.Contains(c.ConfigurationItem!))
                .Select(c => new { c.Number, Start = c.PlannedStart!.Value, End = c.PlannedEnd!.Value, c.AssignedTo, Ci = c.ConfigurationItem! }))
            .ToListAsync(cancellationToken);
        return [.. rows.GroupBy(r => r.Number).OrderBy(g => g.First().Start).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PlannedChange(g.Key, Utc(g.First().Start), Utc(g.First().End), g.First().AssignedTo, g.Select(r => r.Ci.ToUpperInvariant()).Distinct().ToList()))];
    }

    private async Task<List<PlannedChange>> PlannedForAsync(long exceptId, string assignee, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var open = ChangeLifecycle.Open.ToList();
        var rows = await db.Changes.AsNoTracking()
            .Where(c => c.AssignedTo == assignee && c.Id != exceptId && open.Contains(c.State) && c.PlannedStart < to && c.PlannedEnd > from)
            .OrderBy(c => c.PlannedStart)
            .Select(c => new { c.Number, Start = c.PlannedStart!.Value, End = c.PlannedEnd!.Value })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new PlannedChange(r.Number, Utc(r.Start), Utc(r.End), assignee, []))];
    }

    private static DateTime Utc(DateTime moment) => DateTime.SpecifyKind(moment, DateTimeKind.Utc);

    /// <summary>Adds the CIs an analysis reached within <paramref name="depth"/>, with the path from the change's CI in the relations' words.</summary>
    private static void Collect(ImpactResult result, int depth, IReadOnlyList<CiRelationType> types, Dictionary<string, RelatedCi> related, Dictionary<string, string> names, List<string> cis)
    {
        var byNumber = result.Items.ToDictionary(i => i.Number, StringComparer.Ordinal);
        foreach (var item in result.Items)
        {
            names.TryAdd(item.Number, item.Name);
        }

        foreach (var item in result.Items.Where(i => i.Depth <= depth && !cis.Contains(i.Number)))
        {
            var sentences = new List<string>();
            var at = item;
            while (true)
            {
                sentences.Add(Sentence(at, types, names));
                if (at.Via is null || !byNumber.TryGetValue(at.Via, out var previous))
                {
                    break;
                }

                at = previous;
            }

            sentences.Reverse();
            related.TryAdd(item.Number, new RelatedCi(item.Number, item.Name, at.Via ?? item.Number, string.Join(", and ", sentences)));
        }
    }

    /// <summary>The relation between a reached CI and the one it was reached through, as the relation reads from its source ("AppA runs on SrvS").</summary>
    private static string Sentence(ImpactedCi item, IReadOnlyList<CiRelationType> types, Dictionary<string, string> names)
    {
        var reached = item.Name;
        var via = item.Via is { } number && names.TryGetValue(number, out var name) ? name : item.Via;
        if (types.Any(t => t.Name == item.Relation))
        {
            return $"{reached} {item.Relation} {via}";
        }

        var type = types.FirstOrDefault(t => t.ReverseName == item.Relation);
        return type is null ? $"{reached} {item.Relation} {via}" : $"{via} {type.Name} {reached}";
    }

    /// <summary>The change's CI an analysis item was reached from, following its vias back.</summary>
    private static string StartOf(Dictionary<string, ImpactedCi> byNumber, ImpactedCi item)
    {
        var at = item;
        while (at.Via is { } via && byNumber.TryGetValue(via, out var previous))
        {
            at = previous;
        }

        return at.Via ?? at.Number;
    }
}
