using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Changes.Risk;

/// <summary>A change's answers to the risk questionnaire (question id → answer id), then its risk assessed again.</summary>
public sealed class ChangeRiskQuestionnaire(ItsmDbContext db, ChangeService changes, ChangeRiskAssessment risk, RecordHistory history, RecordStore store)
{
    /// <summary>The answer ids a change gave, by question id.</summary>
    public async Task<IReadOnlyDictionary<long, long>> AnswersOfAsync(string number, CancellationToken cancellationToken)
    {
        var change = db.Changes.Where(c => c.Number == number).Select(c => c.Id);
        return await db.ChangeRiskAnswers.AsNoTracking().Where(a => change.Contains(a.ChangeId)).ToDictionaryAsync(a => a.QuestionId, a => a.AnswerId, cancellationToken);
    }

    /// <summary>Records the answers (others stay) and assesses the risk again.</summary>
    /// <exception cref="RecordNotFoundException"/>
    /// <exception cref="RecordValidationException">An answer that is not one of its question's (field answers).</exception>
    public async Task<Change> AnswerAsync(string number, IReadOnlyDictionary<long, long> answers, string by, CancellationToken cancellationToken)
    {
        var change = await changes.FindAsync(number, cancellationToken);
        var questionIds = answers.Keys.ToList();
        var options = await db.Set<ChangeRiskAnswerOption>().AsNoTracking().Where(o => questionIds.Contains(o.QuestionId))
            .Select(o => new { o.Id, o.QuestionId }).ToListAsync(cancellationToken);
        var errors = new FieldErrors();
        foreach (var (question, answer) in answers)
        {
            if (!options.Any(o => o.Id == answer && o.QuestionId == question))
            {
                errors.Add("answers", $"Answer {answer} is not one of question {question}'s.");
            }
        }

        if (!change.IsOpen)
        {
            errors.Add("state", $"{change.Number} is {ChangeLabels.State(change.State).ToLowerInvariant()}: its risk is settled.");
        }

        errors.ThrowIfAny(ChangeService.Kind);
        var stored = await db.ChangeRiskAnswers.Where(a => a.ChangeId == change.Id && questionIds.Contains(a.QuestionId)).ToListAsync(cancellationToken);
        foreach (var (question, answer) in answers)
        {
            if (stored.FirstOrDefault(a => a.QuestionId == question) is { } existing)
            {
                existing.AnswerId = answer;
            }
            else
            {
                db.ChangeRiskAnswers.Add(new ChangeRiskAnswer { ChangeId = change.Id, QuestionId = question, AnswerId = answer });
            }
        }

        var before = change.AuditedFields();
        await risk.ApplyAsync(change, cancellationToken);
        history.Changed(change, before, by);
        history.Audit(change, "riskQuestionnaire", null, $"{answers.Count} answers", by);
        await store.SaveAsync(change, cancellationToken);
        return change;
    }
}
