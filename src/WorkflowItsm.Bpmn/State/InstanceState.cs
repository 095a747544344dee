using System.Text.Json.Serialization;

namespace WorkflowItsm.Bpmn.State;

public enum InstanceStatus
{
    Running,
    Completed,
    /// <summary>
    /// No longer set: a terminate end event completes the instance (as in Camunda 7). Kept so that states stored
    /// before still read; hosts treat it as <see cref="Completed"/>.
    /// </summary>
    Terminated,
    /// <summary>An uncaught BPMN error ended the instance; see <see cref="InstanceState.Fault"/>.</summary>
    Faulted,
    /// <summary>The host cancelled the instance.</summary>
    Cancelled,
}

/// <summary>Why an instance faulted: the element that threw and the uncaught error.</summary>
public sealed record InstanceFault(string ElementId, string? ErrorCode, string? Message);

/// <summary>
/// Everything the engine needs to continue an instance: the scope tree, the tokens, the open bookmarks and the
/// variables. Owned by one trigger at a time: the engine updates the state it is given and returns it. Plain
/// mutable data so that it serializes cheaply (see <see cref="InstanceStateSerializer"/>).
/// </summary>
public sealed class InstanceState
{
    /// <summary>The serialized layout version; bump it when the shape changes incompatibly.</summary>
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; set; } = CurrentFormatVersion;
    public string InstanceId { get; set; } = string.Empty;
    public string ProcessId { get; set; } = string.Empty;
    public string? BusinessKey { get; set; }
    public InstanceStatus Status { get; set; }
    public InstanceFault? Fault { get; set; }
    public List<ScopeState> Scopes { get; set; } = [];
    public List<TokenState> Tokens { get; set; } = [];
    public List<Bookmark> Bookmarks { get; set; } = [];

    /// <summary>Counter for scope and token ids, which only need to be unique inside the instance.</summary>
    public long LastLocalId { get; set; }

    [JsonIgnore]
    public ScopeState RootScope => Scopes[0];

    public ScopeState? FindScope(string id)
    {
        foreach (var scope in Scopes)
        {
            if (scope.Id == id)
            {
                return scope;
            }
        }

        return null;
    }

    public TokenState? FindToken(string id)
    {
        foreach (var token in Tokens)
        {
            if (token.Id == id)
            {
                return token;
            }
        }

        return null;
    }

    public Bookmark? FindBookmark(string id)
    {
        foreach (var bookmark in Bookmarks)
        {
            if (bookmark.Id == id)
            {
                return bookmark;
            }
        }

        return null;
    }

    /// <summary>The variables of the process scope (the instance's global variables).</summary>
    [JsonIgnore]
    public Dictionary<string, object?> Variables => RootScope.Variables;
}
