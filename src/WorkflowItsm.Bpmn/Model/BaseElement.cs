namespace WorkflowItsm.Bpmn.Model;

/// <summary>Where an element starts in the source XML, for problem reports.</summary>
public readonly record struct SourcePosition(int Line, int Column);

/// <summary>
/// Common part of every model element. The parser records anything it read but we do not execute in
/// <see cref="UnsupportedFeatures"/>, so the validator can reject it by name instead of silently ignoring it.
/// </summary>
public abstract class BaseElement
{
    public required string Id { get; init; }
    public string? Name { get; internal set; }
    public SourcePosition Position { get; internal set; }

    /// <summary><c>camunda:properties</c> name/value pairs (e.g. <c>correlationKey</c> on message catchers).</summary>
    public IReadOnlyDictionary<string, string> Properties { get; internal set; } = EmptyProperties;

    /// <summary>Elements and attributes that were read but are not executed, e.g. <c>camunda:caseRef</c>.</summary>
    public IReadOnlyList<string> UnsupportedFeatures { get; internal set; } = [];

    /// <summary>Execution listeners (<c>camunda:executionListener</c>); expression and script ones are executed.</summary>
    public IReadOnlyList<Listener> ExecutionListeners { get; internal set; } = [];

    public override string ToString() => $"{GetType().Name} '{Id}'";

    internal static readonly IReadOnlyDictionary<string, string> EmptyProperties = new Dictionary<string, string>();
}
