namespace WorkflowItsm.Bpmn.State;

public enum ScopeKind
{
    Process,
    SubProcess,
    EventSubProcess,
    /// <summary>The body of a multi-instance activity: holds the counters, parents the inner instances.</summary>
    MultiInstanceBody,
    /// <summary>One inner instance of a multi-instance activity: holds loopCounter and the element variable.</summary>
    MultiInstanceInner,
}

/// <summary>
/// A node of the instance's scope tree. Variables live here and are looked up outward. A scope other than the
/// process is held by the token that waits on its activity in the parent scope (<see cref="ParentTokenId"/>),
/// except inner multi-instance scopes, which hang directly under their body.
/// </summary>
public sealed class ScopeState
{
    public string Id { get; set; } = string.Empty;
    public string? ParentId { get; set; }
    public ScopeKind Kind { get; set; }

    /// <summary>The sub-process or multi-instance activity of this scope; null for the process.</summary>
    public string? ElementId { get; set; }

    public string? ParentTokenId { get; set; }
    public Dictionary<string, object?> Variables { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Activities completed in this scope that can be compensated, in order of completion: those with a compensation
    /// handler, and completed sub-processes whose own completed activities can be.
    /// </summary>
    public List<CompensationRecord>? Compensations { get; set; }

    /// <summary>For a multi-instance body: the collection the instances iterate over (null for a cardinality).</summary>
    public List<object?>? LoopItems { get; set; }
}

/// <summary>A completed activity that can be compensated: by its handler, or (a sub-process without one) by compensating its own activities.</summary>
public sealed class CompensationRecord
{
    public string ActivityId { get; set; } = string.Empty;

    /// <summary>
    /// The compensation handler activity, or a sub-process's compensation event sub-process; null for a sub-process
    /// compensated through <see cref="Nested"/>.
    /// </summary>
    public string? HandlerId { get; set; }

    /// <summary>For a completed sub-process: the records of its scope as it ended (its compensation event sub-process may compensate them).</summary>
    public List<CompensationRecord>? Nested { get; set; }
}
