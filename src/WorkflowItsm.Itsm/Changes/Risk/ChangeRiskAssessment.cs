using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Changes.Risk;

/// <summary>One source of a change's risk and why, in words.</summary>
public sealed record RiskFinding(string Source, ChangeRisk Risk, string Why);

/// <summary>
/// A change's risk from three sources, the highest wins (ServiceNow's risk assessment): the first matching ordered
/// risk condition, the weighted questionnaire's score against the thresholds, and the lookup of impact × the
/// assignment group's success score. <see cref="Change.RiskReason"/> says which decided and what the others said.
/// </summary>
public sealed class ChangeRiskAssessment(ItsmDbContext db, ChangeSuccessScores scores)
{
    /// <summary>Assesses the tracked change and sets its risk and reason (the caller audits and saves).</summary>
    public async Task ApplyAsync(Change change, CancellationToken cancellationToken)
    {
        var findings = await AssessAsync(change, cancellationToken);
        var decisive = findings.MaxBy(f => f.Risk)!;
        change.Risk = decisive.Risk;
        var others = findings.Where(f => f != decisive).Select(f => $"{f.Why} ⇒ {ChangeLabels.Risk(f.Risk).ToLowerInvariant()}");
        var reason = $"{ChangeLabels.Risk(decisive.Risk)}: {decisive.Why}." + (findings.Count > 1 ? $" Also {string.Join("; ", others)}." : "");
        change.RiskReason = reason[..Math.Min(reason.Length, Records.Record.TextLength)];
    }

    /// <summary>What each source says, the decisive one first among equals (conditions, then questionnaire, then success score).</summary>
    public async Task<IReadOnlyList<RiskFinding>> AssessAsync(Change change, CancellationToken cancellationToken)
    {
        var findings = new List<RiskFinding>();
        if (await ConditionAsync(change, cancellationToken) is { } condition)
        {
            findings.Add(condition);
        }

        if (await QuestionnaireAsync(change, cancellationToken) is { } questionnaire)
        {
            findings.Add(questionnaire);
        }

        var score = change.AssignmentGroup is { } group ? await scores.ScoreOfAsync(group, cancellationToken) : ChangeSuccessScores.Perfect;
        var looked = ChangeSuccessScores.Lookup(change.Impact, score);
        findings.Add(new RiskFinding("success", looked,
            $"impact {change.Impact} with a success score of {score} for {(change.AssignmentGroup is null ? "no group" : $"group {await GroupNameAsync(change.AssignmentGroup, cancellationToken)}")}"));
        return findings;
    }

    /// <summary>The group's name as people read it (the reason is shown on the change page); its key when the directory has no such group.</summary>
    private async Task<string> GroupNameAsync(string key, CancellationToken cancellationToken) =>
        await db.Groups.AsNoTracking().Where(g => g.Key == key).Select(g => g.DisplayName).FirstOrDefaultAsync(cancellationToken) ?? key;

    private async Task<RiskFinding?> ConditionAsync(Change change, CancellationToken cancellationToken)
    {
        var conditions = await db.ChangeRiskConditions.AsNoTracking().Where(c => c.Active).OrderBy(c => c.Order).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        if (conditions.Count == 0)
        {
            return null;
        }

        var numbers = change.AffectedCis.Select(a => a.CiNumber).Append(change.ConfigurationItem).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var items = numbers.Count == 0 ? []
            : await db.ConfigurationItems.AsNoTracking().Where(c => numbers.Contains(c.Number))
                .Select(c => new { c.Number, c.ShortDescription, c.BusinessCriticality }).ToListAsync(cancellationToken);
        foreach (var condition in conditions)
        {
            var matched = condition.Kind switch
            {
                RiskConditionKind.AffectedCiCriticality when Enum.TryParse<BusinessCriticality>(condition.Value, true, out var level) =>
                    items.Where(i => i.BusinessCriticality <= level).Select(i => $"{i.ShortDescription} is {i.BusinessCriticality.ToString().ToLowerInvariant()} criticality").FirstOrDefault(),
                RiskConditionKind.ChangeType when Enum.TryParse<ChangeType>(condition.Value, true, out var type) && change.Type == type =>
                    $"it is {ChangeLabels.Type(type).ToLowerInvariant()}",
                RiskConditionKind.Category when string.Equals(change.Category, condition.Value, StringComparison.OrdinalIgnoreCase) =>
                    $"its category is {change.Category}",
                RiskConditionKind.AffectedCiCount when int.TryParse(condition.Value, CultureInfo.InvariantCulture, out var count) && numbers.Count >= count =>
                    $"it touches {numbers.Count} CIs",
                _ => null,
            };
            if (matched is not null)
            {
                return new RiskFinding("condition", condition.Risk, $"condition \"{condition.Name}\" ({matched})");
            }
        }

        return null;
    }

    private async Task<RiskFinding?> QuestionnaireAsync(Change change, CancellationToken cancellationToken)
    {
        if (change.Id == 0)
        {
            return null;
        }

        // Tracked, so that answers given in this unit of work count before they are saved.
        await db.ChangeRiskAnswers.Where(a => a.ChangeId == change.Id).LoadAsync(cancellationToken);
        var answerIds = db.ChangeRiskAnswers.Local.Where(a => a.ChangeId == change.Id).Select(a => a.AnswerId).ToList();
        if (answerIds.Count == 0)
        {
            return null;
        }

        var weights = await db.Set<ChangeRiskAnswerOption>().AsNoTracking().Where(o => answerIds.Contains(o.Id)).Select(o => new { o.Id, o.Weight }).ToListAsync(cancellationToken);
        var score = answerIds.Sum(id => weights.FirstOrDefault(w => w.Id == id)?.Weight ?? 0);
        var threshold = await db.ChangeRiskThresholds.AsNoTracking().Where(t => t.MinScore <= score).OrderByDescending(t => t.MinScore).FirstOrDefaultAsync(cancellationToken);
        return new RiskFinding("questionnaire", threshold?.Risk ?? ChangeRisk.Low,
            threshold is null ? $"questionnaire score {score}, below every threshold" : $"questionnaire score {score} (threshold {threshold.MinScore})");
    }
}
