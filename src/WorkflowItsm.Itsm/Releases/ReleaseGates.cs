using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Approvals;
using WorkflowItsm.Itsm.Changes;
using WorkflowItsm.Itsm.Incidents;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Releases;

/// <summary>
/// Evaluates a release's gates and moves it along its phases, on the tracked release (the caller saves): the active
/// phase's gates are evaluated — policies over records now, evidence against its threshold, an external check by its
/// result, an approval by the approval engine (asked the first time) — and when all are compliant (or compliant with
/// an exception) the phase completes and the next one starts; completing the last moves the release to Review.
/// Nothing progresses unless the release is in progress: a held release (<see cref="ReleaseState.OnHold"/>, stored)
/// is left exactly as it is by every automatic caller (evidence, the gate timer, a decided approval).
/// </summary>
public sealed class ReleaseGates(ItsmDbContext db, RecordHistory history, ApprovalService approvals, DeploymentGate gate)
{
    /// <summary>Change states that count as authorized.</summary>
    public static IReadOnlyList<ChangeState> AuthorizedStates { get; } = [ChangeState.Scheduled, ChangeState.Implement, ChangeState.Review, ChangeState.Closed];

    private const int PriorityOne = 1;

    /// <summary>A release just started: its first phase becomes active.</summary>
    internal void Start(Release release)
    {
        if (release.ActivePhase is null && release.PhasesInOrder.FirstOrDefault(p => p.State == ReleasePhaseState.NotStarted) is { } first)
        {
            Activate(first);
        }
    }

    /// <summary>
    /// Evaluates the active phase's gates and progresses as far as they allow; does nothing unless the release is in
    /// progress. Go/no-go approvals of production deployments are read too.
    /// </summary>
    /// <returns>Whether the release moved (a phase completed).</returns>
    public async Task<bool> EvaluateAsync(Release release, string by, CancellationToken cancellationToken)
    {
        if (release.State != ReleaseState.InProgress)
        {
            return false;
        }

        await RefreshGoNoGoAsync(release, by, cancellationToken);
        var moved = false;
        while (release.State == ReleaseState.InProgress && release.ActivePhase is { } phase)
        {
            foreach (var gate in phase.Gates)
            {
                await EvaluateGateAsync(release, gate, by, cancellationToken);
            }

            if (!phase.GatesPassed)
            {
                break;
            }

            phase.State = ReleasePhaseState.Completed;
            phase.CompletedAt = history.Now;
            history.AddNote(release, RecordNoteKind.WorkNote, $"Phase {phase.Name} complete: every gate passed.", by);
            moved = true;
            var next = release.PhasesInOrder.FirstOrDefault(p => p.State == ReleasePhaseState.NotStarted);
            history.Audit(release, "phase", phase.Name, next?.Name, by);
            if (next is not null)
            {
                Activate(next);
            }
            else
            {
                release.Lifecycle.EnsureAllowed(release, ReleaseState.Review);
                history.Audit(release, "state", release.StateName, nameof(ReleaseState.Review), by);
                release.State = ReleaseState.Review;
            }
        }

        if (moved)
        {
            release.UpdatedAt = history.Now;
        }

        return moved;
    }

    /// <summary>
    /// Evaluates one gate by its kind. An exception granted stays until new evidence replaces it; an approval gate
    /// asks its approval the first time (only for an active phase of a release in progress).
    /// </summary>
    internal async Task EvaluateGateAsync(Release release, ReleaseGate gate, string by, CancellationToken cancellationToken)
    {
        if (gate.Status == GateStatus.CompliantWithException)
        {
            return;
        }

        var (status, reason) = gate.Kind switch
        {
            GateKind.Evidence => Evidence(gate),
            GateKind.ExternalCheck => ExternalCheck(gate),
            GateKind.Policy => await PolicyAsync(release, gate, cancellationToken),
            _ => await ApprovalAsync(release, gate, by, cancellationToken),
        };
        if (status != gate.Status)
        {
            history.Audit(release, $"gate {gate.Key}", ReleaseLabels.GateStatus(gate.Status), ReleaseLabels.GateStatus(status), by);
        }

        (gate.Status, gate.StatusReason, gate.EvaluatedAt) = (status, reason, history.Now);
    }

    private static (GateStatus, string) Evidence(ReleaseGate gate)
    {
        if (gate.PassRate is not { } rate)
        {
            return (GateStatus.NotRun, "No test results yet.");
        }

        var needed = gate.Threshold ?? 100;
        var text = $"{Percent(rate)} of tests passed ({gate.TestsPassed} passed, {gate.TestsFailed} failed); {Percent(needed)} needed";
        return rate >= needed ? (GateStatus.Compliant, text + ".") : (GateStatus.NonCompliant, text + ": the phase waits for a better run.");
    }

    private static (GateStatus, string) ExternalCheck(ReleaseGate gate) => gate.CheckPassed switch
    {
        true => (GateStatus.Compliant, $"The check passed{Build(gate)}."),
        false => (GateStatus.NonCompliant, $"The check failed{Build(gate)}."),
        _ => (GateStatus.NotRun, "No result yet."),
    };

    private async Task<(GateStatus, string)> PolicyAsync(Release release, ReleaseGate gate, CancellationToken cancellationToken)
    {
        if (gate.Policy == GatePolicy.NoOpenP1Incident)
        {
            var open = IncidentLifecycle.Table.OpenStates.ToList();
            var incidents = await db.Incidents.AsNoTracking()
                .Where(i => i.Service == release.Service && i.Priority == PriorityOne && open.Contains(i.State))
                .OrderBy(i => i.OpenedAt).Select(i => i.Number).Take(5).ToListAsync(cancellationToken);
            // People read the service's name, not its CI number.
            var service = await db.ConfigurationItems.AsNoTracking().Where(c => c.Number == release.Service).Select(c => c.ShortDescription).FirstOrDefaultAsync(cancellationToken)
                ?? release.Service;
            return incidents.Count == 0
                ? (GateStatus.Compliant, $"No open P1 incident on {service}.")
                : (GateStatus.NonCompliant, $"Open P1 incident on {service}: {string.Join(", ", incidents)}.");
        }

        if (gate.Policy == GatePolicy.DeployedEverywhere)
        {
            var missing = release.EnvironmentsInOrder
                .Where(e => !release.Deployments.Any(d => d.Environment == e && d.State == DeploymentState.Succeeded)).ToList();
            return missing.Count == 0
                ? (GateStatus.Compliant, $"Deployed to {string.Join(", ", release.EnvironmentsInOrder)}.")
                : (GateStatus.NonCompliant, $"Not deployed yet to {string.Join(", ", missing)}.");
        }

        var numbers = release.Changes.Select(c => c.ChangeNumber).ToList();
        if (numbers.Count == 0)
        {
            return (GateStatus.Compliant, "The release contains no change.");
        }

        var authorized = AuthorizedStates.ToList();
        var waiting = await db.Changes.AsNoTracking().Where(c => numbers.Contains(c.Number) && !authorized.Contains(c.State))
            .OrderBy(c => c.Number).Select(c => new { c.Number, c.State }).ToListAsync(cancellationToken);
        return waiting.Count == 0
            ? (GateStatus.Compliant, $"All {numbers.Count} contained changes are authorized.")
            : (GateStatus.NonCompliant, "Not authorized yet: " + string.Join(", ", waiting.Select(c => $"{c.Number} ({ChangeLabels.State(c.State).ToLowerInvariant()})")) + ".");
    }

    private async Task<(GateStatus, string)> ApprovalAsync(Release release, ReleaseGate gate, string by, CancellationToken cancellationToken)
    {
        if (gate.ApprovalId is null)
        {
            var approval = await approvals.RequestAsync(release.Number, gate.ApprovalRule!, Variables(release, gate.Key), release.ProcessInstanceId, by, cancellationToken);
            gate.ApprovalId = approval.Id;
            return Approval(approval.State, approval.Outcome, approval.RuleName);
        }

        var current = db.Approvals.Local.FirstOrDefault(a => a.Id == gate.ApprovalId)
            ?? await db.Approvals.AsNoTracking().FirstOrDefaultAsync(a => a.Id == gate.ApprovalId, cancellationToken);
        if (current is null || current.State == ApprovalState.Cancelled)
        {
            // Cancelled (the release was held and the approval withdrawn by hand): ask again.
            gate.ApprovalId = null;
            return await ApprovalAsync(release, gate, by, cancellationToken);
        }

        return Approval(current.State, current.Outcome, current.RuleName);
    }

    private static (GateStatus, string) Approval(ApprovalState state, string? outcome, string rule) => state switch
    {
        ApprovalState.Approved => (GateStatus.Compliant, $"{rule}: approved. {outcome}".Trim()),
        ApprovalState.Rejected => (GateStatus.NonCompliant, $"{rule}: rejected. {outcome}".Trim()),
        _ => (GateStatus.InProgress, $"{rule}: waiting for the approvers."),
    };

    /// <summary>
    /// A production deployment waiting for its go/no-go starts once approved — when the deployment gate allows it now;
    /// else it waits for the window (the gate timer and every evaluation look again) — and is refused once rejected.
    /// </summary>
    internal async Task RefreshGoNoGoAsync(Release release, string by, CancellationToken cancellationToken)
    {
        foreach (var deployment in release.Deployments.Where(d => d.State is DeploymentState.AwaitingGoNoGo or DeploymentState.AwaitingWindow && d.ApprovalId is not null))
        {
            var approval = db.Approvals.Local.FirstOrDefault(a => a.Id == deployment.ApprovalId)
                ?? await db.Approvals.AsNoTracking().FirstOrDefaultAsync(a => a.Id == deployment.ApprovalId, cancellationToken);
            var to = approval?.State switch
            {
                ApprovalState.Approved => await MayStartAsync(release, deployment, by, cancellationToken) ? DeploymentState.Started : DeploymentState.AwaitingWindow,
                ApprovalState.Rejected or ApprovalState.Cancelled => DeploymentState.NoGo,
                _ => deployment.State,
            };
            if (to == deployment.State)
            {
                continue;
            }

            history.Audit(release, $"deployment {deployment.Environment}", ReleaseLabels.Deployment(deployment.State), ReleaseLabels.Deployment(to), by);
            deployment.State = to;
            if (to == DeploymentState.Started)
            {
                deployment.StartedAt = history.Now;
            }
            else if (to == DeploymentState.NoGo)
            {
                deployment.EndedAt = history.Now;
            }
        }
    }

    private async Task<bool> MayStartAsync(Release release, ReleaseDeployment deployment, string by, CancellationToken cancellationToken)
    {
        var answer = await gate.AnswerAsync(release, deployment.Environment, cancellationToken);
        if (answer.Decision == DeploymentDecision.Allowed)
        {
            return true;
        }

        if (deployment.State == DeploymentState.AwaitingGoNoGo)
        {
            history.AddNote(release, RecordNoteKind.WorkNote, $"Go for {deployment.Environment}, but not now: {answer.Reason}", by);
        }

        return false;
    }

    internal static Dictionary<string, object?> Variables(Release release, string subject) => new()
    {
        ["releaseNumber"] = release.Number,
        ["recordNumber"] = release.Number,
        ["service"] = release.Service,
        ["releaseType"] = release.Type.ToString(),
        ["subject"] = subject,
    };

    private void Activate(ReleasePhase phase)
    {
        phase.State = ReleasePhaseState.Active;
        phase.StartedAt = history.Now;
    }

    private static string Build(ReleaseGate gate) => gate.BuildId is null ? "" : $" (build {gate.BuildId})";

    private static string Percent(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture) + " %";
}
