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
        // The workflow waiting for a phase or a go/no-go is told by a job, after the vote is saved: the vote's transaction
        // opens only after the observers ran, so the job cannot wait for its commit and is planned a few seconds on instead.
        var number = release.Number;
        services.GetRequiredService<IJobs>().Schedule<ReleaseWorkflowJob>(job => job.TellAsync(number, CancellationToken.None),
            services.GetRequiredService<TimeProvider>().GetUtcNow().Add(ReleaseWorkflowJob.TellDelay));
    }
}
