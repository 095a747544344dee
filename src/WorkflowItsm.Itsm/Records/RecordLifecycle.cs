namespace WorkflowItsm.Itsm.Records;

/// <summary>
/// A kind of record's states as a table: which state may follow which, which are open, and what a move needs
/// (fields required per target state). Written once per kind (IncidentLifecycle, ProblemLifecycle...) and read by
/// the kernel for every move, so each practice states its rules instead of coding them.
/// </summary>
public sealed class RecordLifecycle<TState>
    where TState : struct, Enum
{
    private readonly Dictionary<TState, TState[]> next = [];
    private readonly HashSet<TState> open = [];
    private readonly List<(TState To, string Field, string Message)> required = [];

    /// <summary>The states that are open to work (not resolved, closed or cancelled).</summary>
    public RecordLifecycle<TState> Open(params TState[] states)
    {
        open.UnionWith(states);
        return this;
    }

    /// <summary>The states that may follow <paramref name="from"/>, in the order actions offer them; none for an end state.</summary>
    public RecordLifecycle<TState> Allow(TState from, params TState[] to)
    {
        next[from] = to;
        return this;
    }

    /// <summary>A move to <paramref name="to"/> needs <paramref name="field"/>; <paramref name="message"/> says what to give.</summary>
    public RecordLifecycle<TState> Require(TState to, string field, string? message = null)
    {
        required.Add((to, field, message ?? $"{FieldErrors.Label(field)} is required."));
        return this;
    }

    public IReadOnlyCollection<TState> OpenStates => open;

    public bool IsOpen(TState state) => open.Contains(state);

    public IReadOnlyList<TState> AllowedFrom(TState state) => next.TryGetValue(state, out var states) ? states : [];

    public bool IsAllowed(TState from, TState to) => AllowedFrom(from).Contains(to);

    /// <summary>The fields a move to <paramref name="to"/> needs.</summary>
    public IEnumerable<string> RequiredFor(TState to) => required.Where(r => r.To.Equals(to)).Select(r => r.Field);

    /// <exception cref="RecordTransitionException">The table has no such move; it names the allowed ones.</exception>
    public void EnsureAllowed(Record<TState> record, TState to)
    {
        if (!IsAllowed(record.State, to))
        {
            throw new RecordTransitionException(record.Number, record.State.ToString(), to.ToString(), [.. AllowedFrom(record.State).Select(s => s.ToString())]);
        }
    }

    /// <summary>Adds an error for each field the move needs that <paramref name="valueOf"/> does not give (the move's input, or the record's value where that counts).</summary>
    internal void CheckRequired(TState to, FieldErrors errors, Func<string, string?> valueOf)
    {
        foreach (var (_, field, message) in required.Where(r => r.To.Equals(to)))
        {
            if (string.IsNullOrWhiteSpace(valueOf(field)))
            {
                errors.Add(field, message);
            }
        }
    }
}
