using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Itsm.Releases;

/// <summary>
/// A release moves on as soon as an approval gate or a go/no-go is decided: its gates are evaluated again in the
/// deciding vote's transaction (a held release stays as it is, like with every automatic caller), and its workflow is told.
/// </summary>
/// <remarks>
/// The gates ask the approval engine for approvals, and the engine tells its observers, so the gates are resolved
/// when a decision comes rather than injected (that would be a cycle); it is the same scope, hence the same unit of work.
/// </remarks>
public sealed class ReleaseApprovalDecisions(IServiceProvider services) : IApprovalDecisionObserver
{
    public async Task ApprovalDecidedAsync(Approval approval, Record record, string by, CancellationToken cancellationToken)
    {
        if (record is not Release { State: ReleaseState.InProgress } || approval.State is not (ApprovalState.Approved or ApprovalState.Rejected))
        {
            return;
        }

        // The kernel found the release without its phases and gates; this loads them onto the same tracked release.
        var release = await services.GetRequiredService<ReleaseService>().FindAsync(record.Number, cancellationToken);
        await services.GetRequiredService<ReleaseGates>().EvaluateAsync(release, by, cancellationToken);
        // The workflow waiting for a phase or a go/no-go is told once the vote is saved (a job, so not inside the vote's unit of work).
        services.GetRequiredService<IJobs>().Enqueue<ReleaseWorkflowJob>(job => job.TellAsync(release.Number, CancellationToken.None));
    }
}
