using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.Incidents;

/// <summary>Which state may follow which (the lifecycle agents know from ServiceNow).</summary>
public static class IncidentLifecycle
{
    private static readonly Dictionary<IncidentState, IncidentState[]> Next = new()
    {
        [IncidentState.New] = [IncidentState.InProgress, IncidentState.OnHold, IncidentState.Resolved, IncidentState.Cancelled],
        [IncidentState.InProgress] = [IncidentState.OnHold, IncidentState.Resolved, IncidentState.Cancelled],
        [IncidentState.OnHold] = [IncidentState.InProgress, IncidentState.Resolved, IncidentState.Cancelled],
        // Reopened by the caller (or an agent) while resolved; closed by the caller's confirmation or the auto-close timer.
        [IncidentState.Resolved] = [IncidentState.InProgress, IncidentState.Closed],
        [IncidentState.Closed] = [],
        [IncidentState.Cancelled] = [],
    };

    public static IReadOnlyList<IncidentState> AllowedFrom(IncidentState state) => Next[state];

    public static bool IsAllowed(IncidentState from, IncidentState to) => Next[from].Contains(to);
}

/// <summary>A state change that the lifecycle does not allow; the API answers 409 with <see cref="Allowed"/>.</summary>
public sealed class IncidentTransitionException(string number, IncidentState from, IncidentState to)
    : RecordTransitionException(number, from.ToString(), to.ToString(), [.. IncidentLifecycle.AllowedFrom(from).Select(s => s.ToString())])
{
    public IncidentState From { get; } = from;
    public IncidentState To { get; } = to;
    public IReadOnlyList<IncidentState> Allowed { get; } = IncidentLifecycle.AllowedFrom(from);
}

/// <summary>Invalid fields, each with its messages; the API answers 400 naming them. Nothing was saved.</summary>
public sealed class IncidentValidationException(IReadOnlyDictionary<string, string[]> errors) : RecordValidationException("incident", errors);

/// <summary>No incident with that number (or none the caller may see).</summary>
public sealed class IncidentNotFoundException(string number) : RecordNotFoundException($"No incident '{number}'.")
{
    public string Number { get; } = number;
}

/// <summary>Incidents name their invalid fields with <see cref="IncidentValidationException"/>.</summary>
internal static class IncidentFieldErrors
{
    public static void ThrowIfAny(this FieldErrors errors) => errors.ThrowIfAny(invalid => new IncidentValidationException(invalid));
}
