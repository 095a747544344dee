using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Releases;

/// <summary>
/// Evidence from CI/CD for one gate: test results for an evidence gate, a check's result for an external check, with
/// the build and a link. It replaces the gate's earlier evidence (and any exception granted on it), the gate is
/// evaluated again, and when its phase is the active one of a release in progress, the release progresses as far as
/// its gates allow. On hold, the evidence is kept and the gate's status shown, but nothing progresses.
/// </summary>
public sealed class ReleaseEvidence(ReleaseService releases, ReleaseGates gates, RecordStore store, RecordHistory history)
{
    public const string Kind = "evidence";

    /// <exception cref="RecordNotFoundException">No such release, phase, or gate in that phase.</exception>
    /// <exception cref="RecordValidationException">Malformed evidence, naming the field; nothing was saved.</exception>
    /// <exception cref="ReleaseConflictException">The release is closed, or the phase complete.</exception>
    public async Task<ReleaseGate> RecordAsync(string number, ReleaseEvidenceInput input, string by, CancellationToken cancellationToken)
    {
        var release = await releases.FindAsync(number, cancellationToken);
        var errors = new FieldErrors();
        errors.Length("phase", input.Phase, ReleasePhase.NameLength, required: true);
        errors.Length("gate", input.Gate, ReleaseGate.KeyLength, required: true);
        errors.ThrowIfAny(Kind);

        var phase = release.Phases.FirstOrDefault(p => string.Equals(p.Name, input.Phase!.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new RecordNotFoundException($"{release.Number} has no phase '{input.Phase!.Trim()}' (its phases: {string.Join(", ", release.PhasesInOrder.Select(p => p.Name))}).");
        var gate = phase.Gates.FirstOrDefault(g => string.Equals(g.Key, input.Gate!.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new RecordNotFoundException($"The phase {phase.Name} of {release.Number} has no gate '{input.Gate!.Trim()}' (its gates: {string.Join(", ", phase.Gates.Select(g => g.Key))}).");

        var passed = Validate(errors, gate, input);
        errors.ThrowIfAny(Kind);
        if (!release.IsOpen)
        {
            throw new ReleaseConflictException($"{release.Number} is {ReleaseLabels.State(release.State).ToLowerInvariant()}: it takes no more evidence.");
        }

        if (phase.State == ReleasePhaseState.Completed)
        {
            throw new ReleaseConflictException($"The phase {phase.Name} of {release.Number} is complete: its gates take no more evidence.");
        }

        gate.BuildId = RecordText.TrimmedOrNull(input.BuildId);
        gate.Link = RecordText.TrimmedOrNull(input.Link);
        gate.TestsPassed = input.Tests?.Passed;
        gate.TestsFailed = input.Tests?.Failed;
        gate.Coverage = input.Tests?.Coverage;
        gate.CheckPassed = passed;
        gate.EvidenceAt = history.Now;
        gate.EvidenceBy = by;
        if (gate.Status == GateStatus.CompliantWithException)
        {
            // A new run replaces what the exception was granted on.
            (gate.Status, gate.ExceptionBy, gate.ExceptionReason) = (GateStatus.NotRun, null, null);
        }

        history.Audit(release, $"evidence {gate.Key}", null, Describe(gate), by);
        await gates.EvaluateGateAsync(release, gate, by, cancellationToken);
        var moved = phase.State == ReleasePhaseState.Active && await gates.EvaluateAsync(release, by, cancellationToken);
        release.UpdatedAt = history.Now;
        await store.SaveAsync(release, cancellationToken);
        if (moved)
        {
            // A phase completed: the workflow waiting in it moves on.
            await releases.TellWorkflowAsync(release, cancellationToken);
        }

        return gate;
    }

    /// <returns>An external check's result (true passed, false failed); null for test evidence.</returns>
    private static bool? Validate(FieldErrors errors, ReleaseGate gate, ReleaseEvidenceInput input)
    {
        errors.Length("buildId", input.BuildId, ReleaseGate.BuildIdLength);
        errors.Length("link", input.Link, ReleaseGate.LinkLength);
        if (!string.IsNullOrWhiteSpace(input.Link)
            && !(Uri.TryCreate(input.Link.Trim(), UriKind.Absolute, out var link) && (link.Scheme == Uri.UriSchemeHttps || link.Scheme == Uri.UriSchemeHttp)))
        {
            errors.Add("link", "The link is an http(s) address of the pipeline run.");
        }

        if (!gate.TakesEvidence)
        {
            errors.Add("gate", $"{gate.Key} is {(gate.Kind == GateKind.Approval ? "an approval" : "a policy")} gate: it is decided by {(gate.Kind == GateKind.Approval ? "its approvers" : "the records")}, not by evidence.");
            return null;
        }

        if (input.Tests is { } tests)
        {
            if (tests.Passed is not >= 0)
            {
                errors.Add("tests.passed", "Give how many tests passed (0 or more).");
            }

            if (tests.Failed is not >= 0)
            {
                errors.Add("tests.failed", "Give how many tests failed (0 or more).");
            }

            if (tests.Passed + tests.Failed == 0)
            {
                errors.Add("tests", "The run has no tests (passed and failed are both 0).");
            }

            if (tests.Coverage is < 0 or > 100)
            {
                errors.Add("tests.coverage", "The coverage is a percentage, 0 to 100.");
            }
        }

        var result = RecordText.TrimmedOrNull(input.Result)?.ToLowerInvariant();
        if (result is not null and not ("passed" or "failed"))
        {
            errors.Add("result", "The result is \"passed\" or \"failed\".");
        }

        if (gate.Kind == GateKind.Evidence)
        {
            if (input.Tests is null)
            {
                errors.Add("tests", $"{gate.Key} needs test results: passed, failed (and coverage).");
            }

            return null;
        }

        if (result is null && input.Tests is null)
        {
            errors.Add("result", $"{gate.Key} is an external check: give its result, \"passed\" or \"failed\".");
        }

        return result is null ? input.Tests?.Failed == 0 : result == "passed";
    }

    private static string Describe(ReleaseGate gate)
    {
        var parts = new List<string>();
        if (gate.TestsPassed is { } passed)
        {
            parts.Add($"{passed} passed, {gate.TestsFailed} failed" + (gate.Coverage is { } coverage ? $", coverage {coverage.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} %" : ""));
        }

        if (gate.Kind == GateKind.ExternalCheck)
        {
            parts.Add(gate.CheckPassed == true ? "check passed" : "check failed");
        }

        if (gate.BuildId is not null)
        {
            parts.Add($"build {gate.BuildId}");
        }

        return string.Join("; ", parts);
    }
}
