using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Changes.Risk;

public sealed record RiskConditionInput(int? Order, string? Name, RiskConditionKind? Kind, string? Value, ChangeRisk? Risk, bool Active = true);

public sealed record RiskConditionView(long Id, int Order, string Name, RiskConditionKind Kind, string Value, ChangeRisk Risk, bool Active);

public sealed record RiskAnswerInput(string? Text, int? Weight);

public sealed record RiskQuestionInput(int? Order, string? Text, IReadOnlyList<RiskAnswerInput>? Answers, bool Active = true);

public sealed record RiskAnswerView(long Id, string Text, int Weight);

public sealed record RiskQuestionView(long Id, int Order, string Text, bool Active, IReadOnlyList<RiskAnswerView> Answers);

public sealed record RiskThresholdInput(int? MinScore, ChangeRisk? Risk);

public sealed record RiskThresholdView(long Id, int MinScore, ChangeRisk Risk);

/// <summary>What change managers define for risk: ordered conditions, the weighted questionnaire and its thresholds.</summary>
public sealed class ChangeRiskSettings(ItsmDbContext db)
{
    public const string Kind = "risk setting";

    public async Task<IReadOnlyList<RiskConditionView>> ConditionsAsync(CancellationToken cancellationToken) =>
        await db.ChangeRiskConditions.AsNoTracking().OrderBy(c => c.Order).ThenBy(c => c.Id)
            .Select(c => new RiskConditionView(c.Id, c.Order, c.Name, c.Kind, c.Value, c.Risk, c.Active)).ToListAsync(cancellationToken);

    /// <exception cref="RecordValidationException"/>
    public async Task<RiskConditionView> AddConditionAsync(RiskConditionInput input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Length("name", input.Name, Record.ShortDescriptionLength, required: true);
        errors.Length("value", input.Value, Record.CodeLength, required: true);
        if (input.Kind is null)
        {
            errors.Add("kind", $"Say what the condition looks at: {string.Join(", ", Enum.GetNames<RiskConditionKind>())}.");
        }

        if (input.Risk is null)
        {
            errors.Add("risk", "Say the risk the condition gives.");
        }

        errors.ThrowIfAny(Kind);
        var order = input.Order ?? (await db.ChangeRiskConditions.MaxAsync(c => (int?)c.Order, cancellationToken) ?? 0) + 10;
        var condition = new ChangeRiskCondition
        {
            Order = order, Name = input.Name!.Trim(), Kind = input.Kind!.Value, Value = input.Value!.Trim(), Risk = input.Risk!.Value, Active = input.Active,
        };
        db.ChangeRiskConditions.Add(condition);
        await db.SaveChangesAsync(cancellationToken);
        return new RiskConditionView(condition.Id, condition.Order, condition.Name, condition.Kind, condition.Value, condition.Risk, condition.Active);
    }

    /// <returns>False when there was no such condition.</returns>
    public async Task<bool> DeleteConditionAsync(long id, CancellationToken cancellationToken) =>
        await db.ChangeRiskConditions.Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;

    public async Task<IReadOnlyList<RiskQuestionView>> QuestionsAsync(CancellationToken cancellationToken)
    {
        var questions = await db.ChangeRiskQuestions.AsNoTracking().Include(q => q.Answers).OrderBy(q => q.Order).ThenBy(q => q.Id).ToListAsync(cancellationToken);
        return [.. questions.Select(q => new RiskQuestionView(q.Id, q.Order, q.Text, q.Active,
            [.. q.Answers.OrderBy(a => a.Order).ThenBy(a => a.Id).Select(a => new RiskAnswerView(a.Id, a.Text, a.Weight))]))];
    }

    /// <exception cref="RecordValidationException"/>
    public async Task<RiskQuestionView> AddQuestionAsync(RiskQuestionInput input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Length("text", input.Text, Record.ShortDescriptionLength, required: true);
        var answers = input.Answers ?? [];
        if (answers.Count < 2)
        {
            errors.Add("answers", "Give at least two answers, each with its weight.");
        }

        for (var i = 0; i < answers.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(answers[i].Text) || answers[i].Weight is not ( >= 0 and <= 100))
            {
                errors.Add("answers", $"Answer {i + 1} needs a text and a weight from 0 to 100.");
            }
        }

        errors.ThrowIfAny(Kind);
        var order = input.Order ?? (await db.ChangeRiskQuestions.MaxAsync(q => (int?)q.Order, cancellationToken) ?? 0) + 10;
        var question = new ChangeRiskQuestion
        {
            Order = order, Text = input.Text!.Trim(), Active = input.Active,
            Answers = [.. answers.Select((a, i) => new ChangeRiskAnswerOption { Order = i, Text = a.Text!.Trim(), Weight = a.Weight!.Value })],
        };
        db.ChangeRiskQuestions.Add(question);
        await db.SaveChangesAsync(cancellationToken);
        return new RiskQuestionView(question.Id, question.Order, question.Text, question.Active,
            [.. question.Answers.Select(a => new RiskAnswerView(a.Id, a.Text, a.Weight))]);
    }

    /// <returns>False when there was no such question.</returns>
    public async Task<bool> DeleteQuestionAsync(long id, CancellationToken cancellationToken)
    {
        var question = await db.ChangeRiskQuestions.FirstOrDefaultAsync(q => q.Id == id, cancellationToken);
        if (question is null)
        {
            return false;
        }

        // Questions answered on changes are retired, not deleted: those changes keep their score.
        if (await db.ChangeRiskAnswers.AnyAsync(a => a.QuestionId == id, cancellationToken))
        {
            question.Active = false;
        }
        else
        {
            db.ChangeRiskQuestions.Remove(question);
        }

        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<RiskThresholdView>> ThresholdsAsync(CancellationToken cancellationToken) =>
        await db.ChangeRiskThresholds.AsNoTracking().OrderBy(t => t.MinScore).Select(t => new RiskThresholdView(t.Id, t.MinScore, t.Risk)).ToListAsync(cancellationToken);

    /// <summary>Sets the risk from a score on (replacing a threshold at the same score).</summary>
    /// <exception cref="RecordValidationException"/>
    public async Task<RiskThresholdView> SetThresholdAsync(RiskThresholdInput input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (input.MinScore is not ( >= 0 and <= 10000))
        {
            errors.Add("minScore", "Min score is a whole number from 0.");
        }

        if (input.Risk is null)
        {
            errors.Add("risk", "Say the risk from this score on.");
        }

        errors.ThrowIfAny(Kind);
        var threshold = await db.ChangeRiskThresholds.FirstOrDefaultAsync(t => t.MinScore == input.MinScore, cancellationToken);
        if (threshold is null)
        {
            threshold = new ChangeRiskThreshold { MinScore = input.MinScore!.Value };
            db.ChangeRiskThresholds.Add(threshold);
        }

        threshold.Risk = input.Risk!.Value;
        await db.SaveChangesAsync(cancellationToken);
        return new RiskThresholdView(threshold.Id, threshold.MinScore, threshold.Risk);
    }

    public async Task<bool> DeleteThresholdAsync(long id, CancellationToken cancellationToken) =>
        await db.ChangeRiskThresholds.Where(t => t.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
}
