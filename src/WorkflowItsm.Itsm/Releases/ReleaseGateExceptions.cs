using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Releases;

/// <summary>
/// Overrides a gate: it becomes compliant with an exception, saying who granted it and why (the reason is required),
/// and the release progresses when that was all its phase waited for (unless it is held).
/// </summary>
public sealed class ReleaseGateExceptions(ReleaseService releases, ReleaseGates gates, RecordStore store, RecordHistory history)
{
    /// <exception cref="RecordNotFoundException">No such release or gate.</exception>
    /// <exception cref="RecordValidationException">No reason; nothing was saved.</exception>
    /// <exception cref="ReleaseConflictException">The release is closed, or the gate's phase complete.</exception>
    public async Task<ReleaseGate> GrantAsync(string number, string gateKey, string? reason, string by, CancellationToken cancellationToken)
    {
        var release = await releases.FindAsync(number, cancellationToken);
        var phase = release.Phases.FirstOrDefault(p => p.Gates.Any(g => string.Equals(g.Key, gateKey.Trim(), StringComparison.OrdinalIgnoreCase)))
            ?? throw new RecordNotFoundException($"{release.Number} has no gate '{gateKey.Trim()}'.");
        var gate = phase.Gates.First(g => string.Equals(g.Key, gateKey.Trim(), StringComparison.OrdinalIgnoreCase));
        var errors = new FieldErrors();
        errors.Length("reason", RecordText.TrimmedOrNull(reason), Record.TextLength, required: true);
        if (errors.Any)
        {
            errors = new FieldErrors();
            errors.Add("reason", "Say why the gate may pass with an exception (the reason is kept with who granted it).");
        }

        errors.ThrowIfAny("gate exception");
        if (!release.IsOpen || phase.State == ReleasePhaseState.Completed)
        {
            throw new ReleaseConflictException($"{gate.Key} of {release.Number} can no longer change: {(release.IsOpen ? $"the phase {phase.Name} is complete" : $"the release is {ReleaseLabels.State(release.State).ToLowerInvariant()}")}.");
        }

        var text = reason!.Trim();
        history.Audit(release, $"gate {gate.Key}", ReleaseLabels.GateStatus(gate.Status), ReleaseLabels.GateStatus(GateStatus.CompliantWithException), by);
        history.AddNote(release, RecordNoteKind.WorkNote, $"{gate.Key} {gate.Name}: passed with an exception. {text}", by);
        (gate.Status, gate.StatusReason, gate.ExceptionBy, gate.ExceptionReason, gate.EvaluatedAt) =
            (GateStatus.CompliantWithException, $"Exception granted by {by}: {text}", by, text, history.Now);
        var moved = phase.State == ReleasePhaseState.Active && await gates.EvaluateAsync(release, by, cancellationToken);
        await store.SaveAsync(release, cancellationToken);
        if (moved)
        {
            // A phase completed: the workflow waiting in it moves on.
            await releases.TellWorkflowAsync(release, cancellationToken);
        }

        return gate;
    }
}
