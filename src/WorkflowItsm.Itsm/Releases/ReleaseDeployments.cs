using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Releases;

/// <summary>
/// Deployments of a release per environment. The gate (<see cref="AskAsync"/>, <see cref="DeploymentGate"/>) answers a
/// pipeline whether it may deploy now. <see cref="StartAsync"/> starts a deployment only when the gate allows it (else
/// 409 naming the next window, nothing started), in environment order; the last environment (production) first waits
/// for the go/no-go vote (approval rule <see cref="ReleaseApprovalDefaults.GoNoGoRule"/>), and an approval given after
/// its window closed waits for the next one.
/// </summary>
public sealed class ReleaseDeployments(ReleaseService releases, ReleaseGates gates, DeploymentGate gate, ApprovalService approvals, RecordStore store,
    RecordHistory history)
{
    /// <exception cref="RecordNotFoundException">No such release, or the environment is not one of its.</exception>
    public async Task<DeploymentGateAnswer> AskAsync(string number, string environment, CancellationToken cancellationToken)
    {
        var release = await releases.FindAsync(number, cancellationToken);
        return await gate.AnswerAsync(release, EnvironmentOf(release, environment), cancellationToken);
    }

    /// <summary>Starts a deployment to <paramref name="environment"/> (production: asks the go/no-go first).</summary>
    /// <exception cref="RecordNotFoundException">No such release, or the environment is not one of its.</exception>
    /// <exception cref="ReleaseConflictException">Not in progress, an earlier environment not deployed, one under way, or the gate does not allow it now (with the next window); nothing started.</exception>
    public async Task<ReleaseDeployment> StartAsync(string number, string environment, string by, CancellationToken cancellationToken)
    {
        var release = await releases.FindAsync(number, cancellationToken);
        var name = EnvironmentOf(release, environment);
        var order = release.EnvironmentsInOrder.ToList();
        var earlier = order.TakeWhile(e => e != name).LastOrDefault();
        if (earlier is not null && !release.Deployments.Any(d => d.Environment == earlier && d.State is DeploymentState.Started or DeploymentState.Succeeded))
        {
            throw new ReleaseConflictException($"Deploy {release.Number} to {earlier} before {name}.");
        }

        if (release.Deployments.FirstOrDefault(d => d.Environment == name && d.IsActive) is { } running)
        {
            throw new ReleaseConflictException($"A deployment of {release.Number} to {name} is already {ReleaseLabels.Deployment(running.State).ToLowerInvariant()}.");
        }

        var answer = await gate.AnswerAsync(release, name, cancellationToken);
        if (answer.Decision != DeploymentDecision.Allowed)
        {
            throw new ReleaseConflictException($"The deployment of {release.Number} to {name} is refused: {answer.Reason}", new Dictionary<string, object?>
            {
                ["decision"] = answer.DecisionText,
                ["reason"] = answer.Reason,
                ["nextWindow"] = NextWindowView.Of(answer.NextWindow),
            });
        }

        var production = name == order[^1];
        var deployment = new ReleaseDeployment
        {
            Environment = name,
            State = production ? DeploymentState.AwaitingGoNoGo : DeploymentState.Started,
            RequestedBy = by,
            RequestedAt = history.Now,
            StartedAt = production ? null : history.Now,
        };
        release.Deployments.Add(deployment);
        history.Audit(release, $"deployment {name}", null, ReleaseLabels.Deployment(deployment.State), by);
        if (production)
        {
            var approval = await approvals.RequestAsync(release.Number, ReleaseApprovalDefaults.GoNoGoRule, ReleaseGates.Variables(release, name), release.ProcessInstanceId, by, cancellationToken);
            deployment.ApprovalId = approval.Id;
            // Nobody to vote rejects it at once: the answer says so now rather than later.
            await gates.RefreshGoNoGoAsync(release, by, cancellationToken);
        }

        release.UpdatedAt = history.Now;
        await store.SaveAsync(release, cancellationToken);
        return deployment;
    }

    /// <summary>
    /// A started deployment ended: succeeded or failed (the rollback path of the release-gating workflow takes a failure
    /// further). The gates are evaluated again, so the implementation phase completes once every environment is deployed.
    /// </summary>
    /// <exception cref="RecordNotFoundException">No such release, or the environment is not one of its.</exception>
    /// <exception cref="ReleaseConflictException">No deployment under way to that environment.</exception>
    public Task<ReleaseDeployment> FinishAsync(string number, string environment, DeploymentResult result, string by, CancellationToken cancellationToken) =>
        FinishAsync(number, environment, result, by, tellWorkflow: true, cancellationToken);

    /// <param name="tellWorkflow">False from a step of the release's own workflow, which must not be told inside its own trigger.</param>
    internal async Task<ReleaseDeployment> FinishAsync(string number, string environment, DeploymentResult result, string by, bool tellWorkflow, CancellationToken cancellationToken)
    {
        var release = await releases.FindAsync(number, cancellationToken);
        var name = EnvironmentOf(release, environment);
        var errors = new FieldErrors();
        errors.Length("notes", result.Notes, Record.TextLength);
        errors.ThrowIfAny("deployment result");
        var deployment = release.Deployments.FirstOrDefault(d => d.Environment == name && d.State == DeploymentState.Started)
            ?? throw new ReleaseConflictException($"No deployment of {release.Number} to {name} is under way.");
        var to = result.Succeeded ? DeploymentState.Succeeded : DeploymentState.Failed;
        history.Audit(release, $"deployment {name}", ReleaseLabels.Deployment(deployment.State), ReleaseLabels.Deployment(to), by);
        (deployment.State, deployment.EndedAt) = (to, history.Now);
        if (RecordText.TrimmedOrNull(result.Notes) is { } notes)
        {
            history.AddNote(release, RecordNoteKind.WorkNote, $"Deployment to {name} {(result.Succeeded ? "succeeded" : "failed")}: {notes}", by);
        }

        await gates.EvaluateAsync(release, by, cancellationToken);
        release.UpdatedAt = history.Now;
        await store.SaveAsync(release, cancellationToken);
        if (tellWorkflow)
        {
            // The release's workflow waits for this result (deployed and verified, or failed: its rollback).
            await releases.TellWorkflowAsync(release, cancellationToken);
        }

        return deployment;
    }

    /// <summary>Reads the go/no-go votes again: an approved production deployment starts, a rejected one is a no-go.</summary>
    /// <exception cref="RecordNotFoundException"/>
    public async Task<Release> RefreshAsync(string number, string by, CancellationToken cancellationToken)
    {
        var release = await releases.FindAsync(number, cancellationToken);
        await gates.RefreshGoNoGoAsync(release, by, cancellationToken);
        await store.SaveAsync(release, cancellationToken);
        return release;
    }

    private static string EnvironmentOf(Release release, string environment) =>
        release.EnvironmentsInOrder.FirstOrDefault(e => string.Equals(e, environment.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new RecordNotFoundException($"{release.Number} is not deployed to '{environment.Trim()}' (its environments: {string.Join(", ", release.EnvironmentsInOrder)}).");
}
