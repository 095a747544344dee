using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.Deployments;

/// <summary>A process key with its latest version, for the processes list.</summary>
public sealed record ProcessKeySummary(string Key, string? Name, int LatestVersion, int VersionCount, DateTimeOffset LastDeployedAt, string? LastDeployedBy);

/// <summary>A row of the process owners' processes list: the latest version, who changed it, what runs, what is stuck.</summary>
public sealed record ProcessOverview(
    string Key, string? Name, int? LatestVersion, DateTimeOffset? LastDeployedAt, string? LastDeployedBy,
    int RunningInstances, int OpenFaults, int? DraftRevision, string? DraftUpdatedBy, DateTimeOffset? DraftUpdatedAt, bool DraftIsPublished);

/// <summary>One version's metadata (the XML is fetched separately: it can be large).</summary>
public sealed record ProcessVersionSummary(string Key, int Version, string? Name, string? DeployedBy, DateTimeOffset DeployedAt, string? Comment, string ContentHash);

/// <summary>Reads deployed definitions: keys, versions, a version's XML.</summary>
public sealed class ProcessDefinitionQueries(WorkflowDbContext db)
{
    public async Task<IReadOnlyList<ProcessKeySummary>> ListKeysAsync(CancellationToken cancellationToken)
    {
        var versions = await db.ProcessDefinitions.AsNoTracking()
            .Select(d => new { d.Key, d.Name, d.Version, d.DeployedAt, d.DeployedBy })
            .ToListAsync(cancellationToken);
        return versions
            .GroupBy(d => d.Key)
            .Select(g =>
            {
                var latest = g.MaxBy(d => d.Version)!;
                return new ProcessKeySummary(g.Key, latest.Name, latest.Version, g.Count(), latest.DeployedAt, latest.DeployedBy);
            })
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Every deployed key and every draft not yet deployed, with running instances and open faults per key.</summary>
    public async Task<IReadOnlyList<ProcessOverview>> ListOverviewAsync(CancellationToken cancellationToken)
    {
        var keys = await ListKeysAsync(cancellationToken);
        var running = await db.ProcessInstances.AsNoTracking()
            .Where(i => i.Status == Instances.InstanceRunStatus.Running)
            .GroupBy(i => i.DefinitionKey)
            .Select(g => new { Key = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var faults = await db.Faults.AsNoTracking()
            .Where(f => f.ResolvedAt == null && f.NextRetryAt == null) // open: retries ran out
            .Join(db.ProcessInstances, f => f.InstanceId, i => i.Id, (f, i) => i.DefinitionKey)
            .GroupBy(key => key)
            .Select(g => new { Key = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var drafts = await db.ProcessDrafts.AsNoTracking()
            .Select(d => new { d.Key, d.Revision, d.UpdatedBy, d.UpdatedAt, d.PublishedVersion })
            .ToDictionaryAsync(d => d.Key, cancellationToken);

        var deployed = keys.ToDictionary(k => k.Key);
        return deployed.Keys.Union(drafts.Keys)
            .Order(StringComparer.Ordinal)
            .Select(key =>
            {
                var latest = deployed.GetValueOrDefault(key);
                var draft = drafts.GetValueOrDefault(key);
                return new ProcessOverview(key, latest?.Name, latest?.LatestVersion, latest?.LastDeployedAt, latest?.LastDeployedBy,
                    running.GetValueOrDefault(key), faults.GetValueOrDefault(key), draft?.Revision, draft?.UpdatedBy,
                    draft is null ? null : new DateTimeOffset(draft.UpdatedAt, TimeSpan.Zero),
                    draft?.PublishedVersion is { } published && published == latest?.LatestVersion);
            })
            .ToList();
    }

    /// <summary>Every version of a key, newest first; empty when the key is unknown.</summary>
    public async Task<IReadOnlyList<ProcessVersionSummary>> ListVersionsAsync(string key, CancellationToken cancellationToken) =>
        await db.ProcessDefinitions.AsNoTracking()
            .Where(d => d.Key == key)
            .OrderByDescending(d => d.Version)
            .Select(d => new ProcessVersionSummary(d.Key, d.Version, d.Name, d.DeployedBy, d.DeployedAt, d.Comment, d.ContentHash))
            .ToListAsync(cancellationToken);

    /// <summary>The XML of one version (the latest when <paramref name="version"/> is null); null when unknown.</summary>
    public async Task<string?> GetXmlAsync(string key, int? version, CancellationToken cancellationToken) =>
        await db.ProcessDefinitions.AsNoTracking()
            .Where(d => d.Key == key && (version == null || d.Version == version))
            .OrderByDescending(d => d.Version)
            .Select(d => d.Xml)
            .FirstOrDefaultAsync(cancellationToken);
}
