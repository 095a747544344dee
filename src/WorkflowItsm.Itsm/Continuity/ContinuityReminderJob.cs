using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Notifications;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Continuity;

/// <summary>
/// The daily continuity check: a plan without a drill in 12 months and an analysis older than a year remind the plan's
/// owner — once: the reminder's time is stored, and only a drill (or a new analysis) since then lets it remind again.
/// </summary>
public sealed class ContinuityReminderJob(ItsmDbContext db, TimeProvider time, Notifier notifier)
{
    public const string RecurringJobId = "continuity-reminders";

    /// <summary>Returns how many reminders were sent. Plans and analyses are few (one per service): read whole.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var yearAgo = now.AddYears(-1);
        var sent = 0;
        var plans = await db.Set<ContinuityPlan>().ToListAsync(cancellationToken);
        var lastDrills = await db.Set<ContinuityDrill>().GroupBy(d => d.PlanId).Select(g => new { PlanId = g.Key, Last = g.Max(d => d.StartedAt) })
            .ToDictionaryAsync(d => d.PlanId, d => d.Last, cancellationToken);
        foreach (var plan in plans)
        {
            var last = lastDrills.TryGetValue(plan.Id, out var at) ? at : (DateTime?)null;
            // A plan never drilled counts from its creation: a new plan is not a year overdue.
            var since = last ?? plan.CreatedAt;
            if (since >= yearAgo || plan.CoverageReminderAt is { } reminded && reminded >= since)
            {
                continue;
            }

            plan.CoverageReminderAt = now;
            var when = last is { } d ? $"its last drill was on {d:yyyy-MM-dd}" : "it has never been drilled";
            await RemindAsync(plan.Owner, plan.Title, $"The continuity plan \"{plan.Title}\" ({plan.Service}) has had no drill in 12 months: {when}. Schedule or run one.", $"/continuity/plans/{plan.Id}", cancellationToken);
            sent++;
        }

        var owners = plans.ToDictionary(p => p.Service, p => p.Owner, StringComparer.Ordinal);
        foreach (var analysis in await db.Set<BusinessImpactAnalysis>().Where(a => a.AnalysedAt < yearAgo).ToListAsync(cancellationToken))
        {
            if (analysis.CurrencyReminderAt is { } reminded && reminded >= analysis.AnalysedAt)
            {
                continue;
            }

            analysis.CurrencyReminderAt = now;
            await RemindAsync(owners.GetValueOrDefault(analysis.Service, analysis.AnalysedBy), $"business impact analysis of {analysis.Service}",
                $"The business impact analysis of {analysis.Service} is from {analysis.AnalysedAt:yyyy-MM-dd}, more than a year ago: review its ratings and objectives.",
                $"/continuity/analyses/{analysis.Service}", cancellationToken);
            sent++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return sent;
    }

    private Task RemindAsync(string owner, string record, string text, string link, CancellationToken cancellationToken) =>
        notifier.NotifyAsync(NotificationKinds.Escalation, [owner], new Dictionary<string, string?> { ["record"] = record, ["by"] = text }, link, cancellationToken);
}
