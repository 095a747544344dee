using System.Globalization;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Records;
using WorkflowItsm.Runtime.Jobs;

namespace WorkflowItsm.Itsm.Releases;

/// <summary>First step of the release-gating workflow: links the instance to its release and hands the phases and environments, in order, to the loops.</summary>
[ServiceTask("release.register", DisplayName = "Register release",
    Description = "Links this process to its release (variable releaseNumber, set when the release starts) and lists its phases and environments in order.")]
[ServiceTaskOutput("phases", ServiceTaskPropertyType.Json, Description = "The phases' names in order; also environments, releaseNumber, recordNumber and assignmentGroup.")]
public sealed class RegisterReleaseHandler(ReleaseService releases) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var release = await releases.FindAsync(ReleaseHandlerInputs.Number(context), cancellationToken);
        release.ProcessInstanceId = context.ProcessInstanceId;
        return ServiceTaskResult.With(
            ("releaseNumber", release.Number),
            ("recordNumber", release.Number),
            ("assignmentGroup", release.AssignmentGroup ?? ReleaseService.DefaultGroup),
            ("phases", release.PhasesInOrder.Select(p => p.Name).ToList()),
            ("environments", release.EnvironmentsInOrder.ToList()));
    }
}

/// <summary>
/// Reads where the phase of this loop round stands. The gates move the phases (evidence, approvals, the gate timer);
/// the workflow only follows, so after a restart or a hold it reads the same answer again rather than repeating a step.
/// </summary>
[ServiceTask("release.phase", DisplayName = "Check the phase's gates",
    Description = "Reads the phase named by the variable phase: phaseComplete when every gate passed; phaseDeploys when it is the active phase of a release in progress that still has environments to deploy to.")]
[ServiceTaskOutput("phaseComplete", ServiceTaskPropertyType.Boolean, Description = "Every gate of the phase passed.")]
[ServiceTaskOutput("phaseDeploys", ServiceTaskPropertyType.Boolean, Description = "The phase waits for the deployments (its gate \"deployed to every environment\").")]
public sealed class CheckReleasePhaseHandler(ReleaseService releases) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var release = await releases.FindAsync(ReleaseHandlerInputs.Number(context), cancellationToken);
        var name = WorkflowVariables.Text(context, "phase");
        var phase = release.Phases.FirstOrDefault(p => p.Name == name)
            ?? throw new InvalidOperationException($"{release.Number} has no phase '{name}'.");
        var deploys = release.State == ReleaseState.InProgress && phase.State == ReleasePhaseState.Active
            && phase.Gates.Any(g => g.Policy == GatePolicy.DeployedEverywhere && !g.Passed)
            && release.EnvironmentsInOrder.Any(e => !ReleaseHandlerInputs.Deployed(release, e));
        return ServiceTaskResult.With(("phaseComplete", phase.State == ReleasePhaseState.Completed), ("phaseDeploys", deploys));
    }
}

/// <summary>Asks the deployment gate of the environment of this loop round, as a pipeline would.</summary>
[ServiceTask("release.deployment-gate", DisplayName = "Ask the deployment gate",
    Description = "Asks whether the release may deploy to the variable environment now: deploymentDecision allowed, waiting or prevented, with the reason and the next window's start (nextWindow, for the timer).")]
[ServiceTaskOutput("deploymentDecision", ServiceTaskPropertyType.String, Description = "allowed, waiting or prevented.")]
[ServiceTaskOutput("nextWindow", ServiceTaskPropertyType.String, Description = "When the next window opens (ISO 8601, UTC); empty when there is none.")]
[ServiceTaskOutput("environmentDeployed", ServiceTaskPropertyType.Boolean, Description = "The environment has a deployment that succeeded already.")]
public sealed class AskDeploymentGateHandler(ReleaseService releases, ReleaseDeployments deployments) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var number = ReleaseHandlerInputs.Number(context);
        var environment = WorkflowVariables.Text(context, "environment") ?? throw new InvalidOperationException("The deployment loop names no environment.");
        var release = await releases.FindAsync(number, cancellationToken);
        var answer = await deployments.AskAsync(number, environment, cancellationToken);
        var next = answer.Decision == DeploymentDecision.Allowed ? null : answer.NextWindow?.Start.ToString("O", CultureInfo.InvariantCulture);
        return ServiceTaskResult.With(
            ("deploymentDecision", answer.DecisionText),
            ("deploymentReason", answer.Reason),
            ("nextWindow", next),
            // A new round of this environment starts a new deployment (after a no-go, a new vote).
            ("deploymentId", null),
            ("environmentDeployed", ReleaseHandlerInputs.Deployed(release, environment)));
    }
}

/// <summary>
/// Starts the deployment the gate allows (production asks its go/no-go first). Coming back from the go/no-go wait it
/// reads the vote of the deployment it started (variable deploymentId) instead; one under way is taken as it is, so
/// a retried step asks for no second deployment or vote.
/// </summary>
[ServiceTask("release.deployment-start", DisplayName = "Start the deployment",
    Description = "Starts the deployment to the variable environment, or reads the go/no-go vote of the one started (deploymentId); the last environment (production) waits for its go/no-go. deploymentState: started, awaiting (the go/no-go, or a go given outside the window) or nogo.")]
[ServiceTaskOutput("deploymentState", ServiceTaskPropertyType.String, Description = "started, awaiting or nogo.")]
[ServiceTaskOutput("deploymentId", ServiceTaskPropertyType.Long, Description = "The deployment started.")]
public sealed class StartDeploymentHandler(ReleaseService releases, ReleaseDeployments deployments, ReleaseGates gates) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var number = ReleaseHandlerInputs.Number(context);
        var environment = WorkflowVariables.Text(context, "environment")!;
        var release = await releases.FindAsync(number, cancellationToken);
        var by = ReleaseHandlerInputs.By(release);
        var started = context.Variables.GetValueOrDefault("deploymentId") is { } id
            ? release.Deployments.FirstOrDefault(d => d.Id == Convert.ToInt64(id, CultureInfo.InvariantCulture))
            : null;
        if (started is { State: DeploymentState.AwaitingGoNoGo or DeploymentState.AwaitingWindow } && release.State == ReleaseState.InProgress)
        {
            await gates.RefreshGoNoGoAsync(release, by, cancellationToken);
        }

        var deployment = started
            ?? release.Deployments.FirstOrDefault(d => d.IsActive && string.Equals(d.Environment, environment, StringComparison.OrdinalIgnoreCase))
            ?? await deployments.StartAsync(number, environment, by, cancellationToken);
        return ServiceTaskResult.With(("deploymentId", deployment.Id), ("deploymentState", deployment.State switch
        {
            // A go given after its window closed waits too: the gate timer starts it in the next window and tells the workflow.
            DeploymentState.AwaitingGoNoGo or DeploymentState.AwaitingWindow => "awaiting",
            DeploymentState.NoGo => "nogo",
            _ => "started",
        }));
    }
}

/// <summary>
/// Reads the result the pipeline reported for the deployment to the environment (through the API or the release
/// page): succeeded (deployed and verified) lets the flow go on, still deploying waits for the next report, and a
/// failure is the BPMN error deployment-failed, which runs the rollback. So a pipeline has one way in: the API.
/// </summary>
[ServiceTask("release.deployment-result", DisplayName = "Check the deployment's result",
    Description = "deploymentResult: succeeded or deploying, for the variable environment; a failed deployment raises the BPMN error deployment-failed (its message the pipeline's notes).")]
[ServiceTaskOutput("deploymentResult", ServiceTaskPropertyType.String, Description = "succeeded or deploying.")]
public sealed class CheckDeploymentResultHandler(ReleaseService releases) : IServiceTaskHandler
{
    public const string FailedErrorCode = "deployment-failed";

    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var number = ReleaseHandlerInputs.Number(context);
        var environment = WorkflowVariables.Text(context, "environment")!;
        var release = await releases.FindAsync(number, cancellationToken);
        var latest = release.Deployments.Where(d => string.Equals(d.Environment, environment, StringComparison.OrdinalIgnoreCase)).MaxBy(d => d.Id);
        return latest?.State switch
        {
            DeploymentState.Succeeded => ServiceTaskResult.With(("deploymentResult", "succeeded")),
            DeploymentState.Failed => throw new BpmnErrorException(FailedErrorCode, $"The deployment of {release.Number} to {latest.Environment} failed."),
            _ => ServiceTaskResult.With(("deploymentResult", "deploying")),
        };
    }
}

/// <summary>First rollback step: the deployment under way failed; the environments touched are rolled back, the last first.</summary>
[ServiceTask("release.deployment-failed", DisplayName = "Record the failed deployment",
    Description = "Marks the deployment under way failed (with the error the pipeline reported, variable deploymentError) and lists the environments to roll back, the last deployed first (rollbackEnvironments).")]
[ServiceTaskOutput("rollbackEnvironments", ServiceTaskPropertyType.Json, Description = "The environments deployed to (or failing), in reverse order.")]
public sealed class RecordFailedDeploymentHandler(ReleaseService releases, ReleaseDeployments deployments) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var number = ReleaseHandlerInputs.Number(context);
        var release = await releases.FindAsync(number, cancellationToken);
        var by = ReleaseHandlerInputs.By(release);
        var reason = WorkflowVariables.Text(context, "deploymentError") ?? "The pipeline reported a failure.";
        foreach (var environment in release.Deployments.Where(d => d.State == DeploymentState.Started).Select(d => d.Environment).ToList())
        {
            await deployments.FinishAsync(number, environment, new DeploymentResult(false, reason), by, tellWorkflow: false, cancellationToken);
        }

        var touched = release.EnvironmentsInOrder
            .Where(e => release.Deployments.Any(d => d.Environment == e && d.State is DeploymentState.Succeeded or DeploymentState.Failed))
            .Reverse().ToList();
        return ServiceTaskResult.With(("rollbackEnvironments", touched));
    }
}

/// <summary>One environment rolled back (by the pipeline's rollback task just completed): said on the release.</summary>
[ServiceTask("release.rollback-noted", DisplayName = "Note the rollback", Description = "Writes on the release that the variable environment was rolled back.")]
public sealed class NoteRollbackHandler(ReleaseService releases, RecordHistory history) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var release = await releases.FindAsync(ReleaseHandlerInputs.Number(context), cancellationToken);
        history.AddNote(release, RecordNoteKind.WorkNote, $"Rolled back {WorkflowVariables.Text(context, "environment")}.", ReleaseHandlerInputs.By(release));
        return ServiceTaskResult.Empty;
    }
}

/// <summary>After the rollback the release is failed; its open approvals are withdrawn.</summary>
[ServiceTask("release.fail", DisplayName = "Mark the release failed", Description = "Moves the release to Failed (its open approvals are cancelled).")]
public sealed class FailReleaseHandler(ReleaseService releases) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var release = await releases.FindAsync(ReleaseHandlerInputs.Number(context), cancellationToken);
        if (release.IsOpen)
        {
            var reason = $"Deployment failed and rolled back: {WorkflowVariables.Text(context, "deploymentError") ?? "the pipeline reported a failure"}.";
            await releases.MoveFromWorkflowAsync(release, new ReleaseTransition(ReleaseState.Failed, reason), ReleaseHandlerInputs.By(release), cancellationToken);
        }

        return ServiceTaskResult.Empty;
    }
}

/// <summary>
/// The release's changes did not go as planned: each authorized one is closed unsuccessful (the change service raises
/// an incident for each and lowers its group's success score).
/// </summary>
[ServiceTask("release.close-changes", DisplayName = "Close the changes unsuccessful",
    Description = "Closes every open authorized change of the release unsuccessful (each raises an incident); lists them in closedChanges and the incidents in raisedIncidents.")]
[ServiceTaskOutput("raisedIncidents", ServiceTaskPropertyType.Json, Description = "The incidents the unsuccessful closes raised.")]
public sealed class CloseReleaseChangesHandler(ReleaseService releases, ChangeService changes, RecordHistory history) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var release = await releases.FindAsync(ReleaseHandlerInputs.Number(context), cancellationToken);
        var by = ReleaseHandlerInputs.By(release);
        var closed = new List<string>();
        var raised = new List<string>();
        foreach (var number in release.Changes.Select(c => c.ChangeNumber).Order(StringComparer.Ordinal))
        {
            var change = await changes.FindAsync(number, cancellationToken);
            // Only what the release was to implement: an unauthorized change was never part of a deployment.
            if (!change.IsOpen || !ReleaseGates.AuthorizedStates.Contains(change.State))
            {
                continue;
            }

            var notes = $"Release {release.Number} failed its deployment and was rolled back.";
            if (await changes.AdvanceAsync(change, new ChangeTransition(ChangeState.Closed, ChangeCloseCode.Unsuccessful, notes), by, cancellationToken) is { } incident)
            {
                raised.Add(incident.Number);
            }

            closed.Add(change.Number);
        }

        if (closed.Count > 0)
        {
            history.AddNote(release, RecordNoteKind.WorkNote, $"Closed unsuccessful: {string.Join(", ", closed)}.", by);
        }

        return ServiceTaskResult.With(("closedChanges", closed), ("raisedIncidents", raised));
    }
}

/// <summary>
/// Last rollback step: an incident for what the failed release broke, linked as caused by it. The triage workflows
/// of the incidents raised and the cancelling of the closed changes' workflows follow the commit (a job), since a
/// workflow step cannot drive other instances from inside its own transaction.
/// </summary>
[ServiceTask("release.incident", DisplayName = "Open an incident for the release",
    Description = "Opens an incident on the release's service, linked as caused by the release (releaseIncident); starts the triage of every incident raised once committed.")]
[ServiceTaskOutput("releaseIncident", ServiceTaskPropertyType.String, Description = "The incident's number.")]
public sealed class OpenReleaseIncidentHandler(ReleaseService releases, IncidentService incidents, RecordLinks links, RecordHistory history, IJobs jobs) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var release = await releases.FindAsync(ReleaseHandlerInputs.Number(context), cancellationToken);
        var by = ReleaseHandlerInputs.By(release);
        var title = $"Release {release.Number} ({release.Version}) failed: {release.ShortDescription}";
        var incident = await incidents.BuildAsync(new NewIncident
        {
            ShortDescription = title[..Math.Min(title.Length, Record.ShortDescriptionLength)],
            Description = WorkflowVariables.Text(context, "deploymentError"),
            Service = release.Service,
            AssignmentGroup = release.AssignmentGroup,
            Impact = 2,
            Urgency = 2,
            Caller = by,
        }, by, cancellationToken);
        await links.AddAsync(incident, release.Number, RecordLinkKinds.CausedBy, ChangeService.CausedByField, by, cancellationToken);
        history.Audit(release, "incident", null, incident.Number, by);
        history.AddNote(release, RecordNoteKind.WorkNote, $"Incident {incident.Number} opened for what the failed release broke.", by);

        // Both wait for this step's commit (the job engine's after-commit rule); the triage starts as for a change closed unsuccessful by its workflow.
        foreach (var raised in WorkflowVariables.List(context, "raisedIncidents").Append(incident.Number))
        {
            jobs.Enqueue<IncidentTriageJob>(job => job.StartAsync(raised, CancellationToken.None));
        }

        string[] closed = [.. WorkflowVariables.List(context, "closedChanges")];
        jobs.Enqueue<ReleaseWorkflowJob>(job => job.CancelChangeWorkflowsAsync(closed, CancellationToken.None));
        return ServiceTaskResult.With(("releaseIncident", incident.Number));
    }
}

/// <summary>The post-implementation review is done: the release is completed.</summary>
[ServiceTask("release.complete", DisplayName = "Complete the release", Description = "Moves the release from Review to Completed.")]
public sealed class CompleteReleaseHandler(ReleaseService releases) : IServiceTaskHandler
{
    public async ValueTask<ServiceTaskResult> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var release = await releases.FindAsync(ReleaseHandlerInputs.Number(context), cancellationToken);
        if (release.State == ReleaseState.Review)
        {
            await releases.MoveFromWorkflowAsync(release, new ReleaseTransition(ReleaseState.Completed, WorkflowVariables.Text(context, "reviewNotes")),
                ReleaseHandlerInputs.By(release), cancellationToken);
        }

        return ServiceTaskResult.Empty;
    }
}

internal static class ReleaseHandlerInputs
{
    public static string Number(ServiceTaskContext context) => WorkflowVariables.RecordNumber(context, "releaseNumber", "it is started when its release starts");

    /// <summary>Who the audit names for a step of the flow: the release's assignee, else the workflow itself.</summary>
    public static string By(Release release) => release.AssignedTo ?? "release workflow";

    public static bool Deployed(Release release, string environment) =>
        release.Deployments.Any(d => d.State == DeploymentState.Succeeded && string.Equals(d.Environment, environment, StringComparison.OrdinalIgnoreCase));
}
