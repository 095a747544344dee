namespace WorkflowItsm.Itsm.Records;

// What can go wrong with any kind of record (incident, problem, SLA setting...), so that the API answers each the
// same way from one place: 400 naming the fields, 404, 409 with the states allowed, 409 for a stale change.

/// <summary>Invalid fields, each with its messages; nothing was saved.</summary>
public class RecordValidationException(string record, IReadOnlyDictionary<string, string[]> errors)
    : Exception($"The {record} is not valid: " + string.Join(" ", errors.SelectMany(e => e.Value)))
{
    /// <summary>What was invalid, in words ("incident", "SLA definition").</summary>
    public string Record { get; } = record;

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>No such record (or none the caller may see).</summary>
public class RecordNotFoundException(string message) : Exception(message)
{
    /// <summary>No <paramref name="kind"/> numbered <paramref name="number"/> ("No incident 'INC0009999'.").</summary>
    public static RecordNotFoundException For(string kind, string number) => new($"No {kind} '{number}'.");
}

/// <summary>A state change the record's lifecycle does not allow.</summary>
public sealed class RecordTransitionException(string number, string state, string to, IReadOnlyList<string> allowedStates)
    : Exception($"{number} is {state}; it cannot become {to}. Allowed: {(allowedStates.Count == 0 ? "none" : string.Join(", ", allowedStates))}.")
{
    public string Number { get; } = number;

    public string State { get; } = state;

    public string To { get; } = to;

    public IReadOnlyList<string> AllowedStates { get; } = allowedStates;
}

/// <summary>The record changed since the caller read it, or is past the step asked for.</summary>
public abstract class RecordConflictException(string message) : Exception(message)
{
    /// <summary>Facts the answer carries besides the message (e.g. the state the record is in).</summary>
    public virtual IReadOnlyDictionary<string, object?> Details => new Dictionary<string, object?>();
}

/// <summary>Another change was saved since the caller read the record (a stale revision); the API answers 409.</summary>
public sealed class RecordConcurrencyException(string number)
    : RecordConflictException($"{number} was changed by someone else meanwhile; reload it and apply your change again.")
{
    public string Number { get; } = number;
}
