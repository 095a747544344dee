using WorkflowItsm.Bpmn.Model;

namespace WorkflowItsm.Bpmn.Dmn;

/// <summary>Which decision a business rule task asks for: its key and the version binding.</summary>
public sealed record DecisionLookup(string DecisionKey, DecisionRefBinding Binding = DecisionRefBinding.Latest, int? Version = null, string? VersionTag = null);

/// <summary>
/// Finds deployed decisions for business rule tasks: the port the runtime implements over its stored .dmn
/// deployments (and <see cref="InMemoryDecisionResolver"/> for tests and simple hosts).
/// </summary>
public interface IDecisionResolver
{
    /// <summary>The decision, compiled; null when none is deployed under the key (and version).</summary>
    ValueTask<DmnDecision?> ResolveAsync(DecisionLookup lookup, CancellationToken cancellationToken = default);
}

/// <summary>Decisions held in memory, versioned 1, 2, 3... by key in the order they are added.</summary>
public sealed class InMemoryDecisionResolver : IDecisionResolver
{
    private readonly Dictionary<string, List<DmnDecision>> _versions = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Adds every decision of the model as the next version of its key.</summary>
    public InMemoryDecisionResolver Deploy(DmnDefinitions definitions)
    {
        lock (_lock)
        {
            foreach (var decision in definitions.Decisions)
            {
                if (!_versions.TryGetValue(decision.Id, out var versions))
                {
                    _versions[decision.Id] = versions = [];
                }

                versions.Add(decision);
            }
        }

        return this;
    }

    public InMemoryDecisionResolver Deploy(string dmnXml) => Deploy(DmnParser.Parse(dmnXml));

    public ValueTask<DmnDecision?> ResolveAsync(DecisionLookup lookup, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_versions.TryGetValue(lookup.DecisionKey, out var versions))
            {
                return ValueTask.FromResult<DmnDecision?>(null);
            }

            var found = lookup.Binding switch
            {
                DecisionRefBinding.Version => lookup.Version is { } v && v >= 1 && v <= versions.Count ? versions[v - 1] : null,
                DecisionRefBinding.VersionTag => versions.LastOrDefault(decision => decision.VersionTag == lookup.VersionTag),
                _ => versions[^1],
            };
            return ValueTask.FromResult(found);
        }
    }
}
