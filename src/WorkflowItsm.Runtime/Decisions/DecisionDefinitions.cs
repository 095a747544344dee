using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Bpmn.Dmn;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.Decisions;

/// <summary>A decision key with its latest version, for lists.</summary>
public sealed record DecisionSummary(string Key, string? Name, int LatestVersion, string? VersionTag, string? HitPolicy, DateTimeOffset DeployedAt);

/// <summary>
/// The deployed decisions: lists them, finds the version a business rule task binds (the engine's
/// <see cref="IDecisionResolver"/>), and evaluates one for the API.
/// </summary>
public sealed class DecisionDefinitions(WorkflowDbContext db, DecisionCache cache) : IDecisionResolver
{
    public async Task<IReadOnlyList<DecisionSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var latest = await db.DecisionDefinitions.AsNoTracking()
            .GroupBy(d => d.Key)
            .Select(g => g.OrderByDescending(d => d.Version).First())
            .ToListAsync(cancellationToken);
        return latest.OrderBy(d => d.Name ?? d.Key, StringComparer.OrdinalIgnoreCase)
            .Select(d => new DecisionSummary(d.Key, d.Name, d.Version, d.VersionTag, d.HitPolicy, d.DeployedAt)).ToList();
    }

    /// <summary>The file the latest version of the decision was deployed in; null when no decision has the key.</summary>
    public Task<string?> GetLatestXmlAsync(string key, CancellationToken cancellationToken) =>
        db.DecisionDefinitions.AsNoTracking().Where(d => d.Key == key).OrderByDescending(d => d.Version).Select(d => d.Xml).FirstOrDefaultAsync(cancellationToken);

    public async ValueTask<DmnDecision?> ResolveAsync(DecisionLookup lookup, CancellationToken cancellationToken = default)
    {
        var versions = db.DecisionDefinitions.AsNoTracking().Where(d => d.Key == lookup.DecisionKey);
        versions = lookup.Binding switch
        {
            DecisionRefBinding.Version => versions.Where(d => d.Version == lookup.Version),
            DecisionRefBinding.VersionTag => versions.Where(d => d.VersionTag == lookup.VersionTag),
            _ => versions,
        };
        var record = await versions.OrderByDescending(d => d.Version).FirstOrDefaultAsync(cancellationToken);
        return record is null ? null : cache.Get(record);
    }

    /// <summary>Evaluates the latest version of a decision; null when no decision has the key.</summary>
    /// <exception cref="DmnInputException">A variable does not fit its input's type; names the input.</exception>
    /// <exception cref="DmnEvaluationException">A hit policy was broken or an expression failed; names the decision.</exception>
    public async Task<DmnDecisionResult?> EvaluateAsync(string key, IReadOnlyDictionary<string, object?> variables, CancellationToken cancellationToken)
    {
        var decision = await ResolveAsync(new DecisionLookup(key), cancellationToken);
        return decision?.Evaluate(variables);
    }
}
