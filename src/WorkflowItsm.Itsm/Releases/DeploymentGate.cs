using WorkflowItsm.Itsm.Calendars;
using WorkflowItsm.Itsm.Changes.Freezes;
using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Releases;

/// <summary>
/// Whether a release may be deployed to an environment now: the release must be in progress (held or not started:
/// waiting; over: prevented), and the environment's deployment windows — the shared maintenance windows for that
/// environment — and the blackouts decide: the change calendar's blackouts on everything, on the environment or on the
/// release's service, and the enforced change freezes covering the service.
/// </summary>
public sealed class DeploymentGate(ChangeWindows windows, ChangeFreezes freezes, RecordHistory history)
{
    /// <summary>How far ahead the next window is looked for.</summary>
    public const int LookAheadDays = 60;

    public async Task<DeploymentGateAnswer> AnswerAsync(Release release, string environment, CancellationToken cancellationToken)
    {
        switch (release.State)
        {
            case ReleaseState.OnHold:
                return new DeploymentGateAnswer(DeploymentDecision.Waiting, $"{release.Number} is on hold: {release.HoldReason}", null);
            case ReleaseState.Draft or ReleaseState.Pending:
                return new DeploymentGateAnswer(DeploymentDecision.Waiting, $"{release.Number} has not started ({ReleaseLabels.State(release.State).ToLowerInvariant()}).", null);
            case not ReleaseState.InProgress:
                return new DeploymentGateAnswer(DeploymentDecision.Prevented, $"{release.Number} is {ReleaseLabels.State(release.State).ToLowerInvariant()}: it is deployed no more.", null);
        }

        var now = history.Now;
        var until = now.AddDays(LookAheadDays);
        var all = await windows.InRangeAsync(now, until, cancellationToken);
        var environmentWindows = all.Where(w => w.Kind == ChangeWindowKind.Maintenance && w.Environment == environment).ToList();
        var blackouts = all.Where(w => w.Kind == ChangeWindowKind.Blackout
                && (w.AppliesToAll || w.Environment == environment || w.Targets.Any(t => t.CiNumber == release.Service)))
            .SelectMany(w => w.Occurrences(now, until).Select(o => new WindowOpening(o.Start, o.End, w.Name))).ToList();
        // A freeze is a lockdown on changes; deploying a release onto the frozen service is one too.
        blackouts.AddRange((await freezes.EnforcedOnAsync(release.Service, now, until, cancellationToken))
            .Select(f => new WindowOpening(f.Start, f.End, $"{f.Name} ({f.Number})")));
        var openings = environmentWindows.SelectMany(w => w.Occurrences(now, until).Select(o => new WindowOpening(o.Start, o.End, w.Name))).ToList();
        return DeploymentWindows.Decide(now, environment, openings, environmentWindows.Count > 0, blackouts);
    }
}
