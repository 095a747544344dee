using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.Deployments;

/// <summary>A process key with its latest version, for the processes list.</summary>
public sealed record ProcessKeySummary(string Key, string? Name, int LatestVersion, int VersionCount, DateTimeOffset LastDeployedAt, string? LastDeployedBy);

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
