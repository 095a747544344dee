using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Continuity;

public sealed record BiaRatingView(string Category, string CategoryName, int DurationMinutes, string DurationLabel, ImpactRating Rating, string RatingLabel, bool Intolerable);

/// <summary>An analysis as pages and the API show it: computed objectives with their labels, and each rating.</summary>
public sealed record BiaView(
    string Service, string ServiceName, int? MtpdMinutes, string MtpdLabel, int? RtoMinutes, string RtoLabel, int? RpoMinutes, string RpoLabel,
    RecoveryTier Tier, string TierLabel, DateOnly ReviewDue, bool ReviewOverdue, string AnalysedBy, DateTime AnalysedAt, IReadOnlyList<BiaRatingView> Ratings);

public sealed record StepView(int Order, string Name, string? Owner, string? Group, int EstimateMinutes, string EstimateLabel, IReadOnlyList<int> DependsOn, string? Runbook, string? RequiredEvidence);

public sealed record PlanView(
    long Id, string Service, string ServiceName, string Title, string Owner, string? Contacts, ContinuityPlanState State, string StateLabel, string? ReviewReason,
    int? RtoMinutes, string RtoLabel, int? RpoMinutes, string RpoLabel, int? BestMinutes, string BestLabel, int? WorstMinutes, string WorstLabel,
    bool? Compliant, string ComplianceLabel, IReadOnlyList<int> CriticalPath, IReadOnlyList<StepView> Steps, IReadOnlyList<string> Cis);

public sealed record RiskView(
    long Id, string Title, string? Description, int Likelihood, int Impact, int Score, string Owner, string? Mitigations, DateOnly ReviewDate,
    IReadOnlyList<string> Services, IReadOnlyList<long> Plans);

public sealed record DrillScheduleView(long Id, long PlanId, DrillType Type, string TypeLabel, string? Cron, string? Interval, DateTime? NextDueAt, string RecurringJobId);

public sealed record DrillStepView(
    int Order, string Name, string? Owner, string? Group, IReadOnlyList<int> DependsOn, string? RequiredEvidence, DrillStepState State, string StateLabel,
    DateTime? StartedAt, DateTime? EndedAt, string? Evidence, string? CompletedBy, string? ProblemNumber);

public sealed record DrillView(
    long Id, long PlanId, DrillType Type, string TypeLabel, DrillState State, string StateLabel, int? RtoMinutes, string RtoLabel, DateTime StartedAt,
    DateTime? EscalatedAt, DateTime? EndedAt, int? MeasuredMinutes, string MeasuredLabel, string StartedBy, IReadOnlyList<DrillStepView> Steps);

/// <summary>Read models of the continuity module, with the labels people read.</summary>
public sealed class ContinuityQueries(ItsmDbContext db, TimeProvider time)
{
    public async Task<BiaView?> BiaAsync(string service, CancellationToken cancellationToken)
    {
        var key = service.Trim().ToUpperInvariant();
        var analysis = await db.Set<BusinessImpactAnalysis>().AsNoTracking().Include(a => a.Ratings).FirstOrDefaultAsync(a => a.Service == key, cancellationToken);
        return analysis is null ? null : await ToViewAsync(analysis, cancellationToken);
    }

    public async Task<IReadOnlyList<BiaView>> BiasAsync(CancellationToken cancellationToken)
    {
        var views = new List<BiaView>();
        foreach (var analysis in await db.Set<BusinessImpactAnalysis>().AsNoTracking().Include(a => a.Ratings).OrderBy(a => a.Service).ToListAsync(cancellationToken))
        {
            views.Add(await ToViewAsync(analysis, cancellationToken));
        }

        return views;
    }

    public async Task<BiaView> ToViewAsync(BusinessImpactAnalysis a, CancellationToken cancellationToken)
    {
        var categories = await db.Set<ContinuityImpactCategory>().AsNoTracking().ToDictionaryAsync(c => c.Key, c => c.Name, cancellationToken);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return new BiaView(a.Service, await NameOfAsync(a.Service, cancellationToken), a.MtpdMinutes, ContinuityLabels.Duration(a.MtpdMinutes), a.RtoMinutes,
            ContinuityLabels.Duration(a.RtoMinutes), a.RpoMinutes, ContinuityLabels.Duration(a.RpoMinutes), a.Tier, ContinuityLabels.Tier(a.Tier), a.ReviewDue,
            a.ReviewDue < today, a.AnalysedBy, a.AnalysedAt,
            [.. a.Ratings.OrderBy(r => r.Category, StringComparer.Ordinal).ThenBy(r => r.DurationMinutes).Select(r => new BiaRatingView(
                r.Category, categories.GetValueOrDefault(r.Category, r.Category), r.DurationMinutes, ContinuityLabels.Duration(r.DurationMinutes), r.Rating,
                ContinuityLabels.Rating(r.Rating), r.Intolerable))]);
    }

    public async Task<PlanView?> PlanAsync(long id, CancellationToken cancellationToken)
    {
        var plan = await db.Set<ContinuityPlan>().AsNoTracking().Include(p => p.Steps).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return plan is null ? null : await ToViewAsync(plan, cancellationToken);
    }

    public async Task<IReadOnlyList<PlanView>> PlansAsync(CancellationToken cancellationToken)
    {
        var views = new List<PlanView>();
        foreach (var plan in await db.Set<ContinuityPlan>().AsNoTracking().Include(p => p.Steps).OrderBy(p => p.Title).ToListAsync(cancellationToken))
        {
            views.Add(await ToViewAsync(plan, cancellationToken));
        }

        return views;
    }

    public async Task<PlanView> ToViewAsync(ContinuityPlan p, CancellationToken cancellationToken)
    {
        var bia = await db.Set<BusinessImpactAnalysis>().AsNoTracking().Where(a => a.Service == p.Service).Select(a => new { a.RtoMinutes, a.RpoMinutes }).FirstOrDefaultAsync(cancellationToken);
        var nodes = ContinuityPlans.Nodes(p.Steps);
        var path = CriticalPath.Problems(nodes).Count == 0 ? CriticalPath.Measure(nodes).CriticalSteps : [];
        return new PlanView(p.Id, p.Service, await NameOfAsync(p.Service, cancellationToken), p.Title, p.Owner, p.Contacts, p.State, ContinuityLabels.Plan(p.State),
            p.ReviewReason, bia?.RtoMinutes, ContinuityLabels.Duration(bia?.RtoMinutes), bia?.RpoMinutes, ContinuityLabels.Duration(bia?.RpoMinutes),
            p.BestMinutes, ContinuityLabels.Duration(p.BestMinutes), p.WorstMinutes, ContinuityLabels.Duration(p.WorstMinutes), p.Compliant,
            ContinuityLabels.Compliance(p.Compliant), path,
            [.. p.StepsInOrder.Select(s => new StepView(s.Order, s.Name, s.Owner, s.Group, s.EstimateMinutes, ContinuityLabels.Duration(s.EstimateMinutes), s.DependsOn, s.Runbook, s.RequiredEvidence))],
            p.Cis);
    }

    public static RiskView ToView(ContinuityRisk r) =>
        new(r.Id, r.Title, r.Description, r.Likelihood, r.Impact, r.Score, r.Owner, r.Mitigations, r.ReviewDate, r.Services, r.Plans);

    public static DrillScheduleView ToView(DrillSchedule s) =>
        new(s.Id, s.PlanId, s.Type, ContinuityLabels.DrillType(s.Type), s.Cron, s.Interval, s.NextDueAt, s.RecurringJobId);

    public async Task<IReadOnlyList<DrillScheduleView>> SchedulesAsync(long planId, CancellationToken cancellationToken) =>
        [.. (await db.Set<DrillSchedule>().AsNoTracking().Where(s => s.PlanId == planId).OrderBy(s => s.Id).ToListAsync(cancellationToken)).Select(ToView)];

    public async Task<DrillView?> DrillAsync(long id, CancellationToken cancellationToken) =>
        await db.Set<ContinuityDrill>().AsNoTracking().Include(d => d.Steps).FirstOrDefaultAsync(d => d.Id == id, cancellationToken) is { } drill ? ToView(drill) : null;

    public async Task<IReadOnlyList<DrillView>> DrillsAsync(long planId, CancellationToken cancellationToken) =>
        [.. (await db.Set<ContinuityDrill>().AsNoTracking().Include(d => d.Steps).Where(d => d.PlanId == planId).OrderByDescending(d => d.StartedAt).ToListAsync(cancellationToken)).Select(ToView)];

    public static DrillView ToView(ContinuityDrill d) =>
        new(d.Id, d.PlanId, d.Type, ContinuityLabels.DrillType(d.Type), d.State, ContinuityLabels.Drill(d.State), d.RtoMinutes, ContinuityLabels.Duration(d.RtoMinutes),
            d.StartedAt, d.EscalatedAt, d.EndedAt, d.MeasuredMinutes, ContinuityLabels.Duration(d.MeasuredMinutes), d.StartedBy,
            [.. d.Steps.OrderBy(s => s.Order).Select(s => new DrillStepView(s.Order, s.Name, s.Owner, s.Group, s.DependsOn, s.RequiredEvidence, s.State,
                ContinuityLabels.Step(s.State), s.StartedAt, s.EndedAt, s.Evidence, s.CompletedBy, s.ProblemNumber))]);

    private async Task<string> NameOfAsync(string number, CancellationToken cancellationToken) =>
        await db.ConfigurationItems.AsNoTracking().Where(c => c.Number == number).Select(c => c.ShortDescription).FirstOrDefaultAsync(cancellationToken) ?? number;
}
