using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Escalations;

/// <summary>One line of the escalation report: how many started, how many were acknowledged and how fast.</summary>
public sealed record EscalationReportRow(string Key, string Label, int Escalations, int Acknowledged, int NobodyAcknowledged, double? AverageMinutesToAcknowledge, double? LongestMinutesToAcknowledge);

/// <summary>Manual escalations of a group's records in the period (functional: the group handed them on; hierarchical: to its manager).</summary>
public sealed record ManualEscalationReportRow(string GroupKey, int Functional, int Hierarchical, int DeEscalations);

public sealed record EscalationReport(DateTime From, DateTime To, IReadOnlyList<EscalationReportRow> ByGroup, IReadOnlyList<EscalationReportRow> ByService,
    IReadOnlyList<EscalationReportRow> ByLevel, IReadOnlyList<ManualEscalationReportRow> Manual);

/// <summary>Hours one person answered in the period, by layer, and how many of them were overrides (swaps, cover).</summary>
public sealed record OnCallLoadRow(string UserName, double Hours, double PrimaryHours, double SecondaryHours, double OverrideHours);

/// <summary>
/// Reports over a period: escalations started in it by the record's group, its service and the level that was
/// acknowledged (or reached), with the time to acknowledge from the start; manual escalations per group; and the
/// on-call load per person — the hours she actually answered (overrides applied, restricted hours left out).
/// </summary>
public sealed class EscalationReports(ItsmDbContext db)
{
    public const int MaxDays = OnCallSchedules.MaxCalendarDays;
    public const string NoGroup = "(no group)";
    public const string NoService = "(no service)";

    /// <exception cref="RecordValidationException">A period ending before it starts, or too long.</exception>
    public async Task<EscalationReport> EscalationsAsync(DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        Check(from, to);
        var (start, end) = (OnCallSchedules.Utc(from), OnCallSchedules.Utc(to));
        var rows = await db.Set<Escalation>().AsNoTracking().Where(e => e.StartedAt >= start && e.StartedAt < end).ToListAsync(cancellationToken);
        var numbers = rows.Select(r => r.RecordNumber).Distinct().ToList();
        var services = await db.Incidents.AsNoTracking().Where(i => numbers.Contains(i.Number)).ToDictionaryAsync(i => i.Number, i => i.Service, cancellationToken);
        foreach (var change in await db.Changes.AsNoTracking().Where(c => numbers.Contains(c.Number)).Select(c => new { c.Number, c.Service }).ToListAsync(cancellationToken))
        {
            services[change.Number] = change.Service; // failed changes are escalated too
        }

        var manual = await db.Set<ManualEscalation>().AsNoTracking().Where(m => m.At >= start && m.At < end).ToListAsync(cancellationToken);
        return new EscalationReport(start, end,
            Rows(rows, e => e.GroupKey ?? NoGroup, key => key),
            Rows(rows, e => services.GetValueOrDefault(e.RecordNumber) ?? NoService, key => key),
            Rows(rows, e => e.Level.ToString(System.Globalization.CultureInfo.InvariantCulture), key => $"Level {key}"),
            [.. manual.GroupBy(m => m.FromGroup ?? NoGroup).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new ManualEscalationReportRow(g.Key,
                g.Count(m => m.Kind == ManualEscalationKind.Functional), g.Count(m => m.Kind == ManualEscalationKind.Hierarchical), g.Count(m => m.Kind == ManualEscalationKind.DeEscalation)))]);
    }

    /// <exception cref="RecordValidationException">A period ending before it starts, or too long.</exception>
    public async Task<IReadOnlyList<OnCallLoadRow>> OnCallLoadAsync(DateTime from, DateTime to, string? group, CancellationToken cancellationToken)
    {
        Check(from, to);
        var (start, end) = (OnCallSchedules.Utc(from), OnCallSchedules.Utc(to));
        var schedules = await db.Set<OnCallSchedule>().AsNoTracking().Include(s => s.Layers).Include(s => s.Overrides)
            .Where(s => group == null || s.GroupKey == group).ToListAsync(cancellationToken);
        var spans = schedules.SelectMany(s => s.Layers.Select(l => l.Kind).Union(s.Overrides.Select(o => o.Layer)).Distinct()
            .SelectMany(layer => OnCallRotation.Coverage(s, layer, start, end).Select(span => (Layer: layer, Span: span))));
        return [.. spans.GroupBy(x => x.Span.UserName, StringComparer.Ordinal)
            .Select(g => new OnCallLoadRow(g.Key, Hours(g.Select(x => x.Span)), Hours(g.Where(x => x.Layer == OnCallLayerKind.Primary).Select(x => x.Span)),
                Hours(g.Where(x => x.Layer == OnCallLayerKind.Secondary).Select(x => x.Span)), Hours(g.Where(x => x.Span.IsOverride).Select(x => x.Span))))
            .OrderByDescending(r => r.Hours).ThenBy(r => r.UserName, StringComparer.Ordinal)];
    }

    private static double Hours(IEnumerable<OnCallShift> spans) => Math.Round(spans.Sum(s => (s.EndsAt - s.StartsAt).TotalHours), 2);

    private static IReadOnlyList<EscalationReportRow> Rows(IEnumerable<Escalation> escalations, Func<Escalation, string> key, Func<string, string> label) =>
        [.. escalations.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var minutes = g.Where(e => e.AcknowledgedAt is not null).Select(e => (e.AcknowledgedAt!.Value - e.StartedAt).TotalMinutes).ToList();
            return new EscalationReportRow(g.Key, label(g.Key), g.Count(), minutes.Count, g.Count(e => e.State == EscalationState.Exhausted),
                minutes.Count == 0 ? null : Math.Round(minutes.Average(), 1), minutes.Count == 0 ? null : Math.Round(minutes.Max(), 1));
        })];

    private static void Check(DateTime from, DateTime to)
    {
        var errors = new FieldErrors();
        if (to <= from)
        {
            errors.Add("to", "The period ends before it starts: give an end after the start.");
        }
        else if ((to - from).TotalDays > MaxDays)
        {
            errors.Add("to", $"A report covers at most {MaxDays} days.");
        }

        errors.ThrowIfAny("report period");
    }
}
