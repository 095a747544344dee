namespace WorkflowItsm.Bpmn.Dmn;

/// <summary>
/// The result of a decision as Camunda 7 gives it: a list of entries (output name → value), one per matching rule
/// (one in all for a single-result hit policy, an aggregation or a literal expression).
/// </summary>
public sealed class DmnDecisionResult(string decisionId, IReadOnlyList<IReadOnlyDictionary<string, object?>> entries)
    : IReadOnlyList<IReadOnlyDictionary<string, object?>>
{
    public string DecisionId { get; } = decisionId;
    public int Count => entries.Count;
    public IReadOnlyDictionary<string, object?> this[int index] => entries[index];

    /// <summary>The only entry map; null when nothing matched.</summary>
    /// <exception cref="DmnEvaluationException">More than one rule's result.</exception>
    public IReadOnlyDictionary<string, object?>? SingleResult => entries.Count switch
    {
        0 => null,
        1 => entries[0],
        _ => throw new DmnEvaluationException(
            $"The decision '{DecisionId}' has {entries.Count} results where one was expected (singleResult/singleEntry).", DecisionId),
    };

    /// <summary>The only value of the only entry; null when nothing matched.</summary>
    /// <exception cref="DmnEvaluationException">More than one result, or more than one output in it.</exception>
    public object? SingleEntry => SingleResult switch
    {
        null => null,
        { Count: 1 } single => single.Values.First(),
        { Count: 0 } => null,
        var single => throw new DmnEvaluationException(
            $"The result of decision '{DecisionId}' has {single.Count} outputs ({string.Join(", ", single.Keys)}) where one was expected (singleEntry).", DecisionId),
    };

    /// <summary>The values of one output over all entries that have it (Camunda's collectEntries).</summary>
    public IReadOnlyList<object?> CollectEntries(string outputName) =>
        entries.Where(entry => entry.ContainsKey(outputName)).Select(entry => entry[outputName]).ToList();

    /// <summary>The entries as plain lists and maps, ready to be a process variable or JSON.</summary>
    public List<Dictionary<string, object?>> ToList() =>
        entries.Select(entry => new Dictionary<string, object?>(entry, StringComparer.Ordinal)).ToList();

    public IEnumerator<IReadOnlyDictionary<string, object?>> GetEnumerator() => entries.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
