using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.ServiceLevels;

/// <summary>SLA outcomes of one group of incidents: promises kept, broken, and still running (not counted in the rate).</summary>
public sealed record ComplianceRow(string Key, int Met, int Breached, int Running)
{
    /// <summary>Kept promises among the decided ones, in percent; null when none is decided yet.</summary>
    public double? CompliancePercent => Met + Breached == 0 ? null : Math.Round(100.0 * Met / (Met + Breached), 1);
}

public sealed record ResolutionTimeRow(int Priority, int Resolved, double MeanHours, double MedianHours);

public sealed record BacklogAgeRow(string Age, int Open);

public sealed record VolumeRow(DateOnly Day, int Opened, int Resolved);

public sealed record ServiceLevelReport(
    DateTime From, DateTime To,
    IReadOnlyList<ComplianceRow> ByPriority, IReadOnlyList<ComplianceRow> ByGroup, IReadOnlyList<ComplianceRow> ByService, IReadOnlyList<ComplianceRow> ByKind,
    IReadOnlyList<ResolutionTimeRow> ResolutionTimes, IReadOnlyList<BacklogAgeRow> BacklogAge, IReadOnlyList<VolumeRow> Volume);

/// <summary>
/// Reports over a period (incidents opened in it): SLA compliance by priority, group, service and kind, time to
/// resolve by priority, the open backlog by age (now), and daily volume. Counting is done by the database; only
/// the per-group rows come back.
/// </summary>
public sealed class ServiceLevelReports(ItsmDbContext db, Configuration.CiReferences cis, TimeProvider time)
{
    public const int MaxDays = 366;

    private static readonly (string Label, TimeSpan UpTo)[] AgeBuckets =
    [
        ("< 1 day", TimeSpan.FromDays(1)), ("1–3 days", TimeSpan.FromDays(3)), ("3–7 days", TimeSpan.FromDays(7)),
        ("1–4 weeks", TimeSpan.FromDays(28)), ("> 4 weeks", TimeSpan.MaxValue),
    ];

    /// <exception cref="ReportPeriodException">The period is empty or longer than <see cref="MaxDays"/> days.</exception>
    public async Task<ServiceLevelReport> BuildAsync(DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        if (to <= from || to - from > TimeSpan.FromDays(MaxDays))
        {
            throw new ReportPeriodException($"A report covers 1 day to {MaxDays} days: 'from' before 'to'.");
        }

        // A running clock past its due moment counts as broken even before its breach job has marked it.
        var now = time.GetUtcNow().UtcDateTime;
        var clocks = db.SlaClocks.AsNoTracking().Where(c => c.State != SlaClockState.Cancelled)
            .Join(db.Incidents.AsNoTracking().Where(i => i.OpenedAt >= from && i.OpenedAt < to), c => c.IncidentId, i => i.Id,
                (c, i) => new { c.Kind, c.State, Breached = c.BreachedAt != null || (c.State == SlaClockState.Running && c.DueAt < now), i.Priority, i.AssignmentGroup, i.Service });

        // One pass over the period's clocks, counted by every dimension at once; the totals per dimension are summed here.
        var cells = await clocks.GroupBy(c => new { c.Priority, c.AssignmentGroup, c.Service, c.Kind })
            .Select(g => new ComplianceCell(g.Key.Priority, g.Key.AssignmentGroup, g.Key.Service, g.Key.Kind,
                g.Count(c => !c.Breached && c.State == SlaClockState.Stopped), g.Count(c => c.Breached), g.Count(c => !c.Breached && c.State != SlaClockState.Stopped)))
            .ToListAsync(cancellationToken);

        // Durations are computed here (date arithmetic differs by database) from one small row per resolved incident: the
        // index on opening time carries priority and resolution moment, so they come from the index alone.
        var resolved = await db.Incidents.AsNoTracking().Where(i => i.OpenedAt >= from && i.OpenedAt < to && i.ResolvedAt != null)
            .Select(i => new { i.Priority, i.OpenedAt, ResolvedAt = i.ResolvedAt!.Value }).ToListAsync(cancellationToken);
        var resolutionTimes = resolved.GroupBy(r => r.Priority).OrderBy(g => g.Key)
            .Select(g =>
            {
                var hours = g.Select(r => (r.ResolvedAt - r.OpenedAt).TotalHours).Order().ToList();
                var median = hours.Count % 2 == 1 ? hours[hours.Count / 2] : (hours[hours.Count / 2 - 1] + hours[hours.Count / 2]) / 2;
                return new ResolutionTimeRow(g.Key, hours.Count, Math.Round(hours.Average(), 1), Math.Round(median, 1));
            }).ToList();

        var open = await db.Incidents.AsNoTracking()
            .Where(i => i.State == IncidentState.New || i.State == IncidentState.InProgress || i.State == IncidentState.OnHold)
            .Select(i => i.OpenedAt).ToListAsync(cancellationToken);
        var backlog = AgeBuckets.Select((bucket, index) => new BacklogAgeRow(bucket.Label, open.Count(opened =>
                now - opened < bucket.UpTo && (index == 0 || now - opened >= AgeBuckets[index - 1].UpTo))))
            .ToList();

        var opened = (await db.Incidents.AsNoTracking().Where(i => i.OpenedAt >= from && i.OpenedAt < to)
                .GroupBy(i => i.OpenedAt.Date).Select(g => new { Day = g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
            .ToDictionary(d => DateOnly.FromDateTime(d.Day), d => d.Count);
        var resolvedPerDay = (await db.Incidents.AsNoTracking().Where(i => i.ResolvedAt >= from && i.ResolvedAt < to)
                .GroupBy(i => i.ResolvedAt!.Value.Date).Select(g => new { Day = g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
            .ToDictionary(d => DateOnly.FromDateTime(d.Day), d => d.Count);
        var volume = Enumerable.Range(0, (int)Math.Ceiling((to - from).TotalDays))
            .Select(d => DateOnly.FromDateTime(from.Date.AddDays(d)))
            .Select(day => new VolumeRow(day, opened.GetValueOrDefault(day), resolvedPerDay.GetValueOrDefault(day)))
            .ToList();

        return new ServiceLevelReport(from, to,
            Compliance(cells, c => c.Priority, p => $"P{p}"),
            Compliance(cells, c => c.AssignmentGroup, g => g ?? "(none)"),
            Compliance(await ByServiceNameAsync(cells, cancellationToken), c => c.Service, s => s ?? "(none)"),
            Compliance(cells, c => c.Kind, k => k.ToString()),
            resolutionTimes, backlog, volume);
    }

    /// <summary>Records name their service by CI number; the report reads its name (a number no CI has stays as it is).</summary>
    private async Task<List<ComplianceCell>> ByServiceNameAsync(List<ComplianceCell> cells, CancellationToken cancellationToken)
    {
        var names = await cis.NamesAsync(cells.Select(c => c.Service), cancellationToken);
        return [.. cells.Select(c => c.Service is { } number && names.TryGetValue(number.Trim().ToUpperInvariant(), out var name) ? c with { Service = name } : c)];
    }

    private sealed record ComplianceCell(int Priority, string? AssignmentGroup, string? Service, SlaKind Kind, int Met, int Breached, int Running);

    private static List<ComplianceRow> Compliance<TKey>(IEnumerable<ComplianceCell> cells, Func<ComplianceCell, TKey> dimension, Func<TKey, string> label) =>
        cells.GroupBy(dimension).OrderBy(g => g.Key)
            .Select(g => new ComplianceRow(label(g.Key), g.Sum(c => c.Met), g.Sum(c => c.Breached), g.Sum(c => c.Running)))
            .ToList();
}
