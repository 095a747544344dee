using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Bpmn.Dmn;
using WorkflowItsm.Runtime.Deployments;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.Decisions;

/// <summary>
/// The .dmn half of a deployment: every file is parsed and compiled (so a broken table is refused with the
/// decision and rule it names), then each decision is stored under its id as key, as version N+1 when its file
/// changed. <see cref="ProcessDeployer"/> calls it so .bpmn and .dmn files deploy together, all or nothing.
/// </summary>
internal static class DecisionDeployments
{
    /// <summary>A .dmn file, by name or (for a file named otherwise) by its DMN root element.</summary>
    public static bool IsDmn(BpmnFile file) =>
        file.FileName.EndsWith(".dmn", StringComparison.OrdinalIgnoreCase)
        || (!file.FileName.EndsWith(".bpmn", StringComparison.OrdinalIgnoreCase) && file.Xml.Contains("omg.org/spec/DMN/", StringComparison.OrdinalIgnoreCase)
            && !file.Xml.Contains("omg.org/spec/BPMN/", StringComparison.OrdinalIgnoreCase));

    public static (List<DecisionCandidate> Candidates, List<DeploymentProblem> Problems) Inspect(IEnumerable<BpmnFile> files)
    {
        var candidates = new List<DecisionCandidate>();
        var problems = new List<DeploymentProblem>();
        foreach (var file in files)
        {
            DmnDefinitions definitions;
            try
            {
                definitions = DmnParser.Parse(file.Xml);
            }
            catch (DmnModelException refused)
            {
                problems.Add(new DeploymentProblem(file.FileName, refused.DecisionId, "DMN001", refused.Message, IsError: true));
                continue;
            }

            var hash = file.ContentHash();
            candidates.AddRange(definitions.Decisions.Select(decision => new DecisionCandidate(decision, file, hash)));
        }

        foreach (var duplicate in candidates.GroupBy(c => c.Decision.Id).Where(g => g.Count() > 1))
        {
            problems.Add(new DeploymentProblem(duplicate.Last().File.FileName, duplicate.Key, "DMN002",
                $"Decision '{duplicate.Key}' is defined in more than one file of this deployment.", IsError: true));
        }

        return (candidates, problems);
    }

    /// <summary>Adds the new versions to the context (the caller saves); unchanged decisions keep their version.</summary>
    public static async Task<List<DeployedProcess>> StageAsync(WorkflowDbContext db, List<DecisionCandidate> candidates, string? deployedBy,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (candidates.Count == 0)
        {
            return [];
        }

        var keys = candidates.Select(c => c.Decision.Id).ToList();
        var latest = await db.DecisionDefinitions
            .Where(d => keys.Contains(d.Key))
            .GroupBy(d => d.Key)
            .Select(g => g.OrderByDescending(d => d.Version).Select(d => new { d.Key, d.Version, d.ContentHash }).First())
            .ToDictionaryAsync(d => d.Key, cancellationToken);
        var deployed = new List<DeployedProcess>();
        foreach (var (decision, file, hash) in candidates)
        {
            if (latest.TryGetValue(decision.Id, out var current) && current.ContentHash == hash)
            {
                deployed.Add(new DeployedProcess(decision.Id, current.Version, decision.Name, IsNewVersion: false) { Kind = DeployedKinds.Decision });
                continue;
            }

            var version = (current?.Version ?? 0) + 1;
            db.DecisionDefinitions.Add(new DecisionDefinitionRecord
            {
                Id = Guid.CreateVersion7(),
                Key = decision.Id,
                Version = version,
                Name = decision.Name,
                VersionTag = decision.VersionTag,
                HitPolicy = Describe(decision),
                FileName = file.FileName,
                Xml = file.Xml,
                ContentHash = hash,
                DeployedBy = deployedBy,
                DeployedAt = now,
            });
            deployed.Add(new DeployedProcess(decision.Id, version, decision.Name, IsNewVersion: true) { Kind = DeployedKinds.Decision });
        }

        return deployed;
    }

    private static string? Describe(DmnDecision decision) => decision.Table switch
    {
        null => null,
        { Aggregation: CollectAggregation.None } table => DmnParser.Describe(table.HitPolicy),
        var table => $"COLLECT {table.Aggregation.ToString().ToUpperInvariant()}",
    };
}

internal sealed record DecisionCandidate(DmnDecision Decision, BpmnFile File, string Hash);
