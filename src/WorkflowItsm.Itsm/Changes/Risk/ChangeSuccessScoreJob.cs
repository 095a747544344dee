namespace WorkflowItsm.Itsm.Changes.Risk;

/// <summary>Recomputes every group's change success score at night (closes recompute their group at once; this catches incidents linked later).</summary>
public sealed class ChangeSuccessScoreJob(ChangeSuccessScores scores)
{
    public const string RecurringJobId = "change-success-scores";

    public Task RunAsync(CancellationToken cancellationToken) => scores.RecomputeAllAsync(cancellationToken);
}
