using System.Text.Json.Serialization;

namespace WorkflowItsm.Bpmn.State;

/// <summary>Where a token is in the life of its node.</summary>
public enum TokenPhase
{
    /// <summary>Just arrived; async-before and the node's behaviour are next (never persisted).</summary>
    Arriving,
    /// <summary>Past async-before; the node's behaviour runs next (never persisted).</summary>
    Entering,
    /// <summary>The activity's work is done; output mappings and async-after come next (never persisted).</summary>
    Completing,
    /// <summary>The node completed; outgoing flows are taken next (never persisted).</summary>
    Leaving,
    /// <summary>Parked in its node: on a bookmark or on a child scope.</summary>
    Waiting,
    /// <summary>Parked at a joining parallel or inclusive gateway.</summary>
    AtJoin,
    /// <summary>Parked before its activity on an async-continuation bookmark.</summary>
    AsyncBefore,
    /// <summary>Parked after its node completed, on an async-continuation bookmark; queued with this phase when it is due.</summary>
    AsyncAfter,
    /// <summary>The node's script or handler failed; a retry trigger runs it again.</summary>
    Failed,
}

/// <summary>A token on one flow node inside one scope.</summary>
public sealed class TokenState
{
    public string Id { get; set; } = string.Empty;
    public string ScopeId { get; set; } = string.Empty;
    public string ElementId { get; set; } = string.Empty;
    public TokenPhase Phase { get; set; }

    /// <summary>The sequence flow the token came by (joins count arrivals per incoming flow).</summary>
    public string? ArrivedVia { get; set; }

    /// <summary>
    /// For a token parked after a gateway with <c>camunda:asyncAfter</c>: the outgoing flow it takes when its
    /// continuation runs (the gateway chose its flows before the wait, one continuation per flow, as Camunda 7 does).
    /// </summary>
    public string? LeavingVia { get; set; }

    /// <summary>Local variables of the activity (its input mappings and results awaiting output mappings).</summary>
    public Dictionary<string, object?>? Locals { get; set; }

    /// <summary>
    /// For <see cref="TokenPhase.Failed"/>: which phase a retry resumes (Entering, Completing, Leaving or AsyncAfter;
    /// Arriving for a start token whose event sub-process triggers could not be armed: a retry arms them first).
    /// </summary>
    public TokenPhase? RetryPhase { get; set; }

    public string? FailureMessage { get; set; }

    /// <summary>For a token running a compensation handler: the token of the compensation throw that waits for it.</summary>
    public string? CompensationOf { get; set; }

    /// <summary>For a compensation throw that waits: the records whose handlers still run after the current one, in order.</summary>
    public List<CompensationRecord>? CompensationQueue { get; set; }

    /// <summary>Set when the token left the state during a run, so queued work for it is skipped.</summary>
    [JsonIgnore]
    internal bool IsRemoved { get; set; }
}
