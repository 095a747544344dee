using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Continuity;

public sealed record BiaRatingView(string Category, string CategoryName, int DurationMinutes, string DurationLabel, ImpactRating Rating, string RatingLabel, bool Intolerable);

/// <summary>An analysis as pages and the API show it: computed objectives with their labels, and each rating.</summary>
public sealed record BiaView(
    string Service, string ServiceName, int? MtpdMinutes, string MtpdLabel, int? RtoMinutes, string RtoLabel, int? RpoMinutes, string RpoLabel,
    RecoveryTier Tier, string TierLabel, DateOnly ReviewDue, bool ReviewOverdue, string AnalysedBy, DateTime AnalysedAt, IReadOnlyList<BiaRatingView> Ratings,
    string Number = "", BiaState State = BiaState.Draft, string StateLabel = "Draft", int? ApprovedRtoMinutes = null, string ApprovedRtoLabel = "",
    int? ApprovedRpoMinutes = null, string ApprovedRpoLabel = "", DateTime? ApprovedAt = null, string? ApprovedBy = null, string? ReturnReason = null);

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
    DateTime? StartedAt, DateTime? EndedAt, string? Evidence, string? CompletedBy, string? ProblemNumber, int? DataLossMinutes = null, string? Notes = null);

public sealed record DrillFindingView(long Id, string Text, string? ProblemNumber, string? ChangeNumber);

public sealed record DrillView(
    long Id, long PlanId, DrillType Type, string TypeLabel, DrillState State, string StateLabel, int? RtoMinutes, string RtoLabel, DateTime StartedAt,
    DateTime? EscalatedAt, DateTime? EndedAt, int? MeasuredMinutes, string MeasuredLabel, string StartedBy, IReadOnlyList<DrillStepView> Steps,
    int? RpoMinutes = null, string RpoLabel = "", int? DataLossMinutes = null, string DataLossLabel = "", string? ProcessInstanceId = null,
    IReadOnlyList<DrillFindingView>? Findings = null)
{
    /// <summary>"7 h 10 min of 8 h": the measured time against the RTO, as the report says it.</summary>
    public string TimeVerdict => MeasuredMinutes is null ? "Not measured" : RtoMinutes is null ? MeasuredLabel
        : $"{MeasuredLabel} against an RTO of {RtoLabel}: {(MeasuredMinutes <= RtoMinutes ? "within" : "over")}";

    public string DataLossVerdict => DataLossMinutes is null ? "No data loss reported" : RpoMinutes is null ? DataLossLabel
        : $"{DataLossLabel} against an RPO of {RpoLabel}: {(DataLossMinutes <= RpoMinutes ? "within" : "over")}";
}

/// <summary>A drill's report: the plan as drilled, each step with owner, times and evidence, the measurements and the findings.</summary>
public sealed record DrillReportView(DrillView Drill, string PlanTitle, string Service, string ServiceName, string PlanOwner, string? Contacts, DateTime? ArchivedAt = null);

/// <summary>A drill's step task as the inbox and the task page show it.</summary>
public sealed record DrillTaskSubject(
    long DrillId, long PlanId, string PlanTitle, string PlanOwner, string DrillTypeLabel, int Order, string StepName, string? RequiredEvidence, string? Runbook,
    IReadOnlyList<int> DependsOn, DrillStepState State, string StateLabel, string RtoLabel)
{
    public string Number => $"Drill {DrillId} · step {Order}";

    public string ShortDescription => $"Step {Order}: {StepName} ({PlanTitle})";

    public string Description => string.Join('\n', new[]
    {
        $"{DrillTypeLabel} drill of \"{PlanTitle}\" (RTO {RtoLabel}).",
        RequiredEvidence is { } evidence ? $"Evidence required: {evidence}" : "No evidence required.",
        DependsOn.Count > 0 ? $"After step{(DependsOn.Count > 1 ? "s" : "")} {string.Join(", ", DependsOn)}." : null,
        Runbook is { } runbook ? $"Runbook: {runbook}" : null,
    }.OfType<string>());
}

/// <summary>A finding without its problem or change yet.</summary>
public sealed record OpenFindingView(long Id, long DrillId, string PlanTitle, string Text);

/// <summary>A report archived on a plan, as the plan page lists it.</summary>
public sealed record ArchivedReportView(long DrillId, DrillType Type, string TypeLabel, DrillState Outcome, string OutcomeLabel, DateTime ArchivedAt);

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
                ContinuityLabels.Rating(r.Rating), r.Intolerable))],
            a.Number, a.State, ContinuityLabels.Bia(a.State), a.ApprovedRtoMinutes, ContinuityLabels.Duration(a.ApprovedRtoMinutes), a.ApprovedRpoMinutes,
            ContinuityLabels.Duration(a.ApprovedRpoMinutes), a.ApprovedAt, a.ApprovedBy, a.ReturnReason);
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
        var bia = await db.Set<BusinessImpactAnalysis>().AsNoTracking().Where(a => a.Service == p.Service).Select(a => new { RtoMinutes = a.ApprovedRtoMinutes, RpoMinutes = a.ApprovedRpoMinutes }).FirstOrDefaultAsync(cancellationToken);
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

    /// <summary>A schedule with when it next fires: an interval's stored due time, or a cron's next occurrence after <paramref name="now"/> (UTC; the job engine fires it then).</summary>
    public static DrillScheduleView ToView(DrillSchedule s, DateTime now) =>
        new(s.Id, s.PlanId, s.Type, ContinuityLabels.DrillType(s.Type), s.Cron, s.Interval,
            s.NextDueAt ?? (s.Cron is { } cron && Cronos.CronExpression.TryParse(cron, Cronos.CronFormat.Standard, out var expression)
                ? expression.GetNextOccurrence(DateTime.SpecifyKind(now, DateTimeKind.Utc), TimeZoneInfo.Utc) : null),
            s.RecurringJobId);

    public async Task<IReadOnlyList<DrillScheduleView>> SchedulesAsync(long planId, CancellationToken cancellationToken) =>
        [.. (await db.Set<DrillSchedule>().AsNoTracking().Where(s => s.PlanId == planId).OrderBy(s => s.Id).ToListAsync(cancellationToken))
            .Select(s => ToView(s, time.GetUtcNow().UtcDateTime))];

    public async Task<DrillView?> DrillAsync(long id, CancellationToken cancellationToken) =>
        await db.Set<ContinuityDrill>().AsNoTracking().Include(d => d.Steps).Include(d => d.Findings).FirstOrDefaultAsync(d => d.Id == id, cancellationToken) is { } drill ? ToView(drill) : null;

    public async Task<IReadOnlyList<DrillView>> DrillsAsync(long planId, CancellationToken cancellationToken) =>
        [.. (await db.Set<ContinuityDrill>().AsNoTracking().Include(d => d.Steps).Include(d => d.Findings).Where(d => d.PlanId == planId).OrderByDescending(d => d.StartedAt).ToListAsync(cancellationToken)).Select(ToView)];

    public static DrillView ToView(ContinuityDrill d) =>
        new(d.Id, d.PlanId, d.Type, ContinuityLabels.DrillType(d.Type), d.State, ContinuityLabels.Drill(d.State), d.RtoMinutes, ContinuityLabels.Duration(d.RtoMinutes),
            d.StartedAt, d.EscalatedAt, d.EndedAt, d.MeasuredMinutes, ContinuityLabels.Duration(d.MeasuredMinutes), d.StartedBy,
            [.. d.Steps.OrderBy(s => s.Order).Select(s => new DrillStepView(s.Order, s.Name, s.Owner, s.Group, s.DependsOn, s.RequiredEvidence, s.State,
                ContinuityLabels.Step(s.State), s.StartedAt, s.EndedAt, s.Evidence, s.CompletedBy, s.ProblemNumber, s.DataLossMinutes, s.Notes))],
            d.RpoMinutes, ContinuityLabels.Duration(d.RpoMinutes), d.DataLossMinutes, ContinuityLabels.Duration(d.DataLossMinutes), d.ProcessInstanceId,
            [.. d.Findings.OrderBy(f => f.Id).Select(f => new DrillFindingView(f.Id, f.Text, f.ProblemNumber, f.ChangeNumber))]);

    public static readonly System.Text.Json.JsonSerializerOptions ReportJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// <summary>The report of a drill as it stands now (archived as a snapshot when the drill ends).</summary>
    public static DrillReportView Report(ContinuityDrill drill, ContinuityPlan plan, string serviceName) =>
        new(ToView(drill), plan.Title, plan.Service, serviceName, plan.Owner, plan.Contacts);

    /// <summary>The archived report of a drill; before it ends (nothing archived yet), the report as it stands.</summary>
    public async Task<DrillReportView?> ReportAsync(long drillId, CancellationToken cancellationToken)
    {
        if (await db.Set<DrillReport>().AsNoTracking().FirstOrDefaultAsync(r => r.DrillId == drillId, cancellationToken) is { } stored
            && System.Text.Json.JsonSerializer.Deserialize<DrillReportView>(stored.Json, ReportJson) is { } archived)
        {
            return archived with { ArchivedAt = stored.ArchivedAt };
        }

        var drill = await db.Set<ContinuityDrill>().AsNoTracking().Include(d => d.Steps).Include(d => d.Findings).FirstOrDefaultAsync(d => d.Id == drillId, cancellationToken);
        if (drill is null)
        {
            return null;
        }

        var plan = await db.Set<ContinuityPlan>().AsNoTracking().FirstAsync(p => p.Id == drill.PlanId, cancellationToken);
        return Report(drill, plan, await NameOfAsync(plan.Service, cancellationToken));
    }

    /// <summary>The open tasks of a drill run by its workflow, by step order (one query for the tasks, their states read once per instance).</summary>
    public async Task<IReadOnlyDictionary<int, string>> StepTasksAsync(long drillId, CancellationToken cancellationToken)
    {
        var key = ContinuityDrills.BusinessKey(drillId);
        var tasks = await db.HumanTasks.AsNoTracking()
            .Where(t => t.BusinessKey == key && t.DefinitionKey == ContinuityDrills.Process && t.Status == WorkflowItsm.Runtime.HumanTasks.HumanTaskStatus.Open)
            .Select(t => new { t.Id, t.InstanceId }).ToListAsync(cancellationToken);
        var result = new Dictionary<int, string>();
        foreach (var instance in tasks.GroupBy(t => t.InstanceId))
        {
            var state = await db.ProcessInstances.AsNoTracking().Where(i => i.Id == instance.Key).Select(i => i.StateJson).FirstAsync(cancellationToken);
            foreach (var task in instance)
            {
                if (ContinuityDrillTasks.StepOrderOf(state, task.Id) is { } order)
                {
                    result[order] = task.Id;
                }
            }
        }

        return result;
    }

    /// <summary>What a drill's step task is about, by task id: the drill, its plan and the step (for the inbox and the task page).</summary>
    public async Task<IReadOnlyDictionary<string, DrillTaskSubject>> TaskSubjectsAsync(IReadOnlyCollection<(string TaskId, string InstanceId, string? BusinessKey)> tasks, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, DrillTaskSubject>(StringComparer.Ordinal);
        var byDrill = tasks.Select(t => (t.TaskId, t.InstanceId, DrillId: ContinuityDrills.DrillIdOf(t.BusinessKey))).Where(t => t.DrillId is not null).ToList();
        if (byDrill.Count == 0)
        {
            return result;
        }

        var ids = byDrill.Select(t => t.DrillId!.Value).Distinct().ToList();
        var drills = await db.Set<ContinuityDrill>().AsNoTracking().Include(d => d.Steps).Where(d => ids.Contains(d.Id)).ToListAsync(cancellationToken);
        var planIds = drills.Select(d => d.PlanId).Distinct().ToList();
        var plans = await db.Set<ContinuityPlan>().AsNoTracking().Include(p => p.Steps).Where(p => planIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var instanceIds = byDrill.Select(t => t.InstanceId).Distinct().ToList();
        var states = await db.ProcessInstances.AsNoTracking().Where(i => instanceIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.StateJson, cancellationToken);
        foreach (var (taskId, instanceId, drillId) in byDrill)
        {
            if (drills.FirstOrDefault(d => d.Id == drillId) is not { } drill || !plans.TryGetValue(drill.PlanId, out var plan)
                || !states.TryGetValue(instanceId, out var state) || ContinuityDrillTasks.StepOrderOf(state, taskId) is not { } order
                || drill.Steps.FirstOrDefault(s => s.Order == order) is not { } step)
            {
                continue;
            }

            var planned = plan.Steps.FirstOrDefault(s => s.Order == order);
            result[taskId] = new DrillTaskSubject(drill.Id, plan.Id, plan.Title, plan.Owner, ContinuityLabels.DrillType(drill.Type), order, step.Name, step.RequiredEvidence,
                planned?.Runbook, step.DependsOn, step.State, ContinuityLabels.Step(step.State), ContinuityLabels.Duration(drill.RtoMinutes));
        }

        return result;
    }

    /// <summary>The findings of ended drills not yet followed up by a problem or a change, newest first (the dashboard's list).</summary>
    public async Task<IReadOnlyList<OpenFindingView>> OpenFindingsAsync(CancellationToken cancellationToken) =>
        [.. (await db.Set<DrillFinding>().AsNoTracking().Where(f => f.ProblemNumber == null && f.ChangeNumber == null)
            .Join(db.Set<ContinuityDrill>(), f => f.DrillId, d => d.Id, (f, d) => new { f.Id, f.DrillId, f.Text, f.CreatedAt, d.PlanId })
            .Join(db.Set<ContinuityPlan>(), x => x.PlanId, p => p.Id, (x, p) => new { x.Id, x.DrillId, x.Text, x.CreatedAt, p.Title })
            .ToListAsync(cancellationToken))
            .OrderByDescending(f => f.CreatedAt).ThenByDescending(f => f.Id).Select(f => new OpenFindingView(f.Id, f.DrillId, f.Title, f.Text))];

    /// <summary>The reports archived on a plan, newest first.</summary>
    public async Task<IReadOnlyList<ArchivedReportView>> ReportsAsync(long planId, CancellationToken cancellationToken)
    {
        var rows = await db.Set<DrillReport>().AsNoTracking().Where(r => r.PlanId == planId)
            .Join(db.Set<ContinuityDrill>(), r => r.DrillId, d => d.Id, (r, d) => new { r.DrillId, d.Type, r.Outcome, r.ArchivedAt })
            .ToListAsync(cancellationToken);
        return [.. rows.OrderByDescending(r => r.ArchivedAt).ThenByDescending(r => r.DrillId)
            .Select(r => new ArchivedReportView(r.DrillId, r.Type, ContinuityLabels.DrillType(r.Type), r.Outcome, ContinuityLabels.Drill(r.Outcome), r.ArchivedAt))];
    }

    private async Task<string> NameOfAsync(string number, CancellationToken cancellationToken) =>
        await db.ConfigurationItems.AsNoTracking().Where(c => c.Number == number).Select(c => c.ShortDescription).FirstOrDefaultAsync(cancellationToken) ?? number;
}
