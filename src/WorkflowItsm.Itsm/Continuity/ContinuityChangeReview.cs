using WorkflowItsm.Itsm.Changes;

namespace WorkflowItsm.Itsm.Continuity;

/// <summary>
/// A change approved (moved to Scheduled, or re-planned once scheduled) on a CI a continuity plan recovers marks the
/// plan "review required". It rides the change service's scheduling hook, which runs inside the change's unit of work
/// before its save: the mark commits with the change, or not at all (a freeze refusing the move after it leaves the
/// unit of work unsaved). It never refuses.
/// </summary>
internal sealed class ContinuityChangeReview(ContinuityPlans plans) : IChangeSchedulingGuard
{
    public async Task EnsureMayScheduleAsync(Change change, CancellationToken cancellationToken)
    {
        var cis = change.AffectedCis.Select(c => c.CiNumber).Append(change.ConfigurationItem).Append(change.Service)
            .Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.Trim().ToUpperInvariant()).Distinct().ToList();
        await plans.MarkForReviewAsync(cis, $"Change {change.Number} was approved on {string.Join(", ", cis)}.", cancellationToken);
    }
}
