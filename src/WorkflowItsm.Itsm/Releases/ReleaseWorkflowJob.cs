using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Releases;

/// <summary>
/// What the release workflow and the approval engine leave for after their commit, because one workflow step (or a
/// vote in its transaction) cannot drive other instances itself: telling a release's workflow that a go/no-go was
/// decided, and after a rollback cancelling the closed changes' workflows (the incidents' triage is IncidentTriageJob's).
/// </summary>
public sealed class ReleaseWorkflowJob(ReleaseService releases, RecordStore store, RecordWorkflow workflow)
{
    public const string Actor = "release workflow";

    /// <summary>How long after a decided vote its release's workflow is told (the vote's commit comes after the observers).</summary>
    public static readonly TimeSpan TellDelay = TimeSpan.FromSeconds(5);

    /// <summary>Tells the release's workflow its gates or go/no-go moved (nothing when it waits for something else).</summary>
    public async Task TellAsync(string releaseNumber, CancellationToken cancellationToken) =>
        await releases.TellWorkflowAsync(await releases.FindAsync(releaseNumber, cancellationToken), cancellationToken);

    /// <summary>After a rollback: the workflows of the changes it closed unsuccessful have nothing left to drive.</summary>
    public async Task CancelChangeWorkflowsAsync(string[] closedChanges, CancellationToken cancellationToken)
    {
        foreach (var number in closedChanges)
        {
            var change = await store.FindAsync<Change>(number, cancellationToken);
            if (change.ProcessInstanceId is { } instance && await workflow.IsInstanceRunningAsync(instance, cancellationToken))
            {
                await workflow.CancelAsync(change, Actor, cancellationToken);
            }
        }
    }
}
