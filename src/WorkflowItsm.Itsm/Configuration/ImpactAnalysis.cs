using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Configuration;

public enum ImpactDirection
{
    /// <summary>What an outage of the CIs hits: the CIs that need them, up to the business services.</summary>
    Downstream,

    /// <summary>What a CI (a service) depends on: the CIs it needs, down to the network and the locations.</summary>
    Upstream,
}

/// <summary>One CI reached by an analysis: how far from the start (1: a direct neighbour) and through which CI and relation.</summary>
public sealed record ImpactedCi(
    string Number, string Name, string ClassKey, string ClassName, bool IsBusinessService, CiState State, BusinessCriticality BusinessCriticality,
    int Depth, string? Via, string? Relation);

/// <summary>The CIs reached, nearest first; <see cref="DepthLimitReached"/> when there was more beyond the depth asked for.</summary>
public sealed record ImpactResult(ImpactDirection Direction, IReadOnlyList<string> Start, int Depth, IReadOnlyList<ImpactedCi> Items, bool DepthLimitReached)
{
    public IReadOnlyList<ImpactedCi> BusinessServices => [.. Items.Where(i => i.IsBusinessService)];
}

/// <summary>
/// Impact analysis over CI relations, the one service incidents, changes and continuity call.
/// <para>
/// Direction of a relation "source {type} target": each relation type says which end needs the other
/// (<see cref="CiRelationType.Impact"/>). <c>SourceNeedsTarget</c> (depends on, runs on, hosted on, connects to):
/// the target going down impacts the source, so "Pay depends on Pay cluster" carries impact from the cluster up to
/// Pay. <c>TargetNeedsSource</c> (contains, member of): the source going down impacts the target, so "Srv1 member of
/// Pay cluster" carries impact from Srv1 to the cluster and "Office contains Switch1" from the office to the switch.
/// Managed by carries none. Downstream follows the impact (from the CI that fails to the ones that need it),
/// upstream goes against it (from a service to what it needs).
/// </para>
/// <para>
/// Redundancy: a CI reached only through its members (member of) is impacted only when fewer of its members are up
/// than its <c>minUp</c> attribute asks (a count, or a percent when <c>minUpUnit</c> is percent); without minUp it
/// needs all of them. Members count as down when they are among the CIs given as down or impacted on the way, so
/// several CIs down at once are weighed together. A dependency that is not a membership impacts directly.
/// </para>
/// <para>
/// Cost: the graph is walked level by level with one indexed query per level (WHERE SourceId/TargetId IN the
/// level's CIs, on the relation table's two covering indexes), plus, on levels that reach clusters, one query for
/// their members and one for their redundancy; never a query per CI. A CI is visited once, so cycles end, and the
/// walk stops at <c>depth</c> levels. Retired CIs are out of the graph (their relations are kept for history).
/// </para>
/// </summary>
public sealed class ImpactAnalysis(ItsmDbContext db)
{
    public const int DefaultDepth = 10;
    public const int MaxDepth = 50;

    /// <summary>The ids one IN list holds; a larger level is read in several batches.</summary>
    private const int Batch = 5_000;

    /// <summary>What an outage of the CIs numbered <paramref name="down"/>, all at once, impacts.</summary>
    /// <exception cref="Records.RecordNotFoundException">A number is no CI's.</exception>
    public async Task<ImpactResult> DownstreamAsync(IReadOnlyCollection<string> down, int depth, CancellationToken cancellationToken)
    {
        var start = await IdsOfAsync(down, cancellationToken);
        var reached = await WalkAsync(start, ImpactDirection.Downstream, depth, cancellationToken);
        return await ResultAsync(ImpactDirection.Downstream, down, depth, reached, cancellationToken);
    }

    /// <summary>What the CI numbered <paramref name="number"/> depends on, directly or through others.</summary>
    /// <exception cref="Records.RecordNotFoundException"/>
    public async Task<ImpactResult> UpstreamAsync(string number, int depth, CancellationToken cancellationToken)
    {
        var start = await IdsOfAsync([number], cancellationToken);
        var reached = await WalkAsync(start, ImpactDirection.Upstream, depth, cancellationToken);
        return await ResultAsync(ImpactDirection.Upstream, [number], depth, reached, cancellationToken);
    }

    public Task<ImpactResult> AnalyzeAsync(string number, ImpactDirection direction, int depth, CancellationToken cancellationToken) =>
        direction == ImpactDirection.Upstream ? UpstreamAsync(number, depth, cancellationToken) : DownstreamAsync([number], depth, cancellationToken);

    private sealed record Reach(long Id, int Depth, long Via, int TypeId);

    private sealed record Walked(Dictionary<long, Reach> Reached, bool DepthLimitReached, IReadOnlyList<CiRelationType> Types);

    private async Task<Walked> WalkAsync(IReadOnlyCollection<long> start, ImpactDirection direction, int depth, CancellationToken cancellationToken)
    {
        var types = await db.CiRelationTypes.AsNoTracking().ToListAsync(cancellationToken);
        var sourceNeedsTarget = types.Where(t => t.Impact == RelationImpact.SourceNeedsTarget).Select(t => t.Id).ToList();
        var targetNeedsSource = types.Where(t => t.Impact == RelationImpact.TargetNeedsSource).Select(t => t.Id).ToList();
        var membership = types.Where(t => t.IsMembership).Select(t => t.Id).ToHashSet();
        var redundancy = new Redundancy(db, membership);

        var startSet = start.ToHashSet();
        var reached = new Dictionary<long, Reach>();
        var frontier = start.ToList();
        var level = 0;
        for (; level < depth && frontier.Count > 0; level++)
        {
            var next = new List<long>();
            var clusters = new Dictionary<long, (long Via, int TypeId)>();
            foreach (var (from, to, typeId) in await NeighboursAsync(frontier, direction, sourceNeedsTarget, targetNeedsSource, cancellationToken))
            {
                if (startSet.Contains(to) || reached.ContainsKey(to))
                {
                    continue;
                }

                if (direction == ImpactDirection.Downstream && membership.Contains(typeId))
                {
                    clusters.TryAdd(to, (from, typeId));
                    continue;
                }

                reached[to] = new Reach(to, level + 1, from, typeId);
                next.Add(to);
            }

            var pending = clusters.Where(c => !reached.ContainsKey(c.Key)).ToList();
            if (pending.Count > 0)
            {
                var down = new HashSet<long>(startSet);
                down.UnionWith(reached.Keys);
                foreach (var cluster in await redundancy.DownAsync([.. pending.Select(c => c.Key)], down, cancellationToken))
                {
                    var (via, typeId) = clusters[cluster];
                    reached[cluster] = new Reach(cluster, level + 1, via, typeId);
                    next.Add(cluster);
                }
            }

            frontier = next;
        }

        return new Walked(reached, frontier.Count > 0 && level >= depth && await HasNeighboursAsync(frontier, direction, sourceNeedsTarget, targetNeedsSource, cancellationToken), types);
    }

    /// <summary>One level: each relation that carries impact (downstream) or need (upstream) from a frontier CI, as (from, to, type).</summary>
    private async Task<List<(long From, long To, int TypeId)>> NeighboursAsync(
        List<long> frontier, ImpactDirection direction, List<int> sourceNeedsTarget, List<int> targetNeedsSource, CancellationToken cancellationToken)
    {
        var edges = new List<(long, long, int)>();
        foreach (var chunk in frontier.Chunk(Batch))
        {
            var ids = chunk.ToList();
            var relations = db.CiRelations.AsNoTracking();
            relations = direction == ImpactDirection.Downstream
                ? relations.Where(r => (ids.Contains(r.TargetId) && sourceNeedsTarget.Contains(r.TypeId)) || (ids.Contains(r.SourceId) && targetNeedsSource.Contains(r.TypeId)))
                : relations.Where(r => (ids.Contains(r.SourceId) && sourceNeedsTarget.Contains(r.TypeId)) || (ids.Contains(r.TargetId) && targetNeedsSource.Contains(r.TypeId)));
            var rows = await relations.Select(r => new { r.SourceId, r.TargetId, r.TypeId }).ToListAsync(cancellationToken);
            var needsTarget = sourceNeedsTarget.ToHashSet();
            foreach (var row in rows)
            {
                // Downstream goes from the needed end to the needing end; upstream the other way.
                var (provider, dependent) = needsTarget.Contains(row.TypeId) ? (row.TargetId, row.SourceId) : (row.SourceId, row.TargetId);
                edges.Add(direction == ImpactDirection.Downstream ? (provider, dependent, row.TypeId) : (dependent, provider, row.TypeId));
            }
        }

        return await WithoutRetiredAsync(edges, cancellationToken);
    }

    /// <summary>
    /// A retired CI is out of service: nothing reaches it and it carries no impact, though its relations stay for
    /// history. One query on the primary key per level, for the CIs the level reaches.
    /// </summary>
    private async Task<List<(long From, long To, int TypeId)>> WithoutRetiredAsync(List<(long From, long To, int TypeId)> edges, CancellationToken cancellationToken)
    {
        if (edges.Count == 0)
        {
            return edges;
        }

        var retired = new HashSet<long>();
        foreach (var chunk in edges.Select(e => e.To).Distinct().Chunk(Batch))
        {
            var ids = chunk.ToList();
            retired.UnionWith(await db.ConfigurationItems.AsNoTracking().Where(c => ids.Contains(c.Id) && c.State == CiState.Retired).Select(c => c.Id).ToListAsync(cancellationToken));
        }

        return retired.Count == 0 ? edges : [.. edges.Where(e => !retired.Contains(e.To))];
    }

    private async Task<bool> HasNeighboursAsync(List<long> frontier, ImpactDirection direction, List<int> sourceNeedsTarget, List<int> targetNeedsSource, CancellationToken cancellationToken) =>
        (await NeighboursAsync(frontier, direction, sourceNeedsTarget, targetNeedsSource, cancellationToken)).Count > 0;

    private async Task<List<long>> IdsOfAsync(IReadOnlyCollection<string> numbers, CancellationToken cancellationToken)
    {
        var wanted = numbers.Select(n => n.Trim().ToUpperInvariant()).Distinct().ToList();
        var found = await db.ConfigurationItems.AsNoTracking().Where(c => wanted.Contains(c.Number)).Select(c => new { c.Id, c.Number }).ToListAsync(cancellationToken);
        if (wanted.FirstOrDefault(n => found.All(f => f.Number != n)) is { } missing)
        {
            throw Records.RecordNotFoundException.For(CiService.Kind, missing);
        }

        return [.. found.Select(f => f.Id)];
    }

    private async Task<ImpactResult> ResultAsync(ImpactDirection direction, IReadOnlyCollection<string> start, int depth, Walked walked, CancellationToken cancellationToken)
    {
        var classes = await db.CiClasses.AsNoTracking().ToDictionaryAsync(c => c.Id, cancellationToken);
        var ids = walked.Reached.Keys.Concat(walked.Reached.Values.Select(r => r.Via)).Distinct().ToList();
        var cis = new Dictionary<long, (string Number, string Name, int ClassId, CiState State, BusinessCriticality Criticality)>();
        foreach (var chunk in ids.Chunk(Batch))
        {
            var batch = chunk.ToList();
            foreach (var c in await db.ConfigurationItems.AsNoTracking().Where(c => batch.Contains(c.Id))
                .Select(c => new { c.Id, c.Number, c.ShortDescription, c.ClassId, c.State, c.BusinessCriticality }).ToListAsync(cancellationToken))
            {
                cis[c.Id] = (c.Number, c.ShortDescription, c.ClassId, c.State, c.BusinessCriticality);
            }
        }

        var types = walked.Types.ToDictionary(t => t.Id);
        var items = walked.Reached.Values.OrderBy(r => r.Depth).ThenBy(r => cis[r.Id].Name, StringComparer.CurrentCultureIgnoreCase)
            .Select(r =>
            {
                var ci = cis[r.Id];
                var ciClass = classes[ci.ClassId];
                var type = types[r.TypeId];
                return new ImpactedCi(ci.Number, ci.Name, ciClass.Key, ciClass.Name, ciClass.Key == CmdbSeed.BusinessService, ci.State, ci.Criticality,
                    r.Depth, cis[r.Via].Number, direction == ImpactDirection.Downstream ? Words(type, needsVia: true) : Words(type, needsVia: false));
            })
            .ToList();
        return new ImpactResult(direction, [.. start.Select(n => n.Trim().ToUpperInvariant())], depth, items, walked.DepthLimitReached);
    }

    /// <summary>How the reached CI stands to the one it was reached through, in the relation's words as read from the reached CI.</summary>
    private static string Words(CiRelationType type, bool needsVia)
    {
        // The reached CI is the source when it is the needing end of a SourceNeedsTarget relation, or the needed end of a TargetNeedsSource one.
        var reachedIsSource = (type.Impact == RelationImpact.SourceNeedsTarget) == needsVia;
        return reachedIsSource ? type.Name : type.ReverseName;
    }

    /// <summary>Clusters' members and min up, read once per cluster for one analysis.</summary>
    private sealed class Redundancy(ItsmDbContext db, HashSet<int> membership)
    {
        private readonly Dictionary<long, List<long>> members = [];
        private readonly Dictionary<long, (decimal? MinUp, bool Percent)> minUp = [];

        /// <summary>The clusters with fewer members up than their min up, given the CIs that are down.</summary>
        public async Task<List<long>> DownAsync(List<long> clusters, HashSet<long> down, CancellationToken cancellationToken)
        {
            var unknown = clusters.Where(c => !members.ContainsKey(c)).ToList();
            if (unknown.Count > 0)
            {
                await LoadAsync(unknown, cancellationToken);
            }

            return [.. clusters.Where(cluster =>
            {
                var all = members[cluster];
                var up = all.Count(m => !down.Contains(m));
                return minUp[cluster] switch
                {
                    { MinUp: null } => up < all.Count,
                    { MinUp: { } min, Percent: true } => up * 100m < min * all.Count,
                    { MinUp: { } min } => up < min,
                };
            })];
        }

        private async Task LoadAsync(List<long> clusters, CancellationToken cancellationToken)
        {
            var membershipTypes = membership.ToList();
            // A retired member is no longer one: it neither holds the cluster up nor takes it down.
            var rows = await db.CiRelations.AsNoTracking()
                .Where(r => clusters.Contains(r.TargetId) && membershipTypes.Contains(r.TypeId)
                    && db.ConfigurationItems.Any(c => c.Id == r.SourceId && c.State != CiState.Retired))
                .Select(r => new { r.TargetId, r.SourceId }).ToListAsync(cancellationToken);
            var values = await db.CiAttributeValues.AsNoTracking()
                .Where(v => clusters.Contains(v.CiId) && db.CiAttributes.Any(a => a.Id == v.AttributeId && (a.Key == CmdbSeed.MinUp || a.Key == CmdbSeed.MinUpUnit)))
                .Join(db.CiAttributes, v => v.AttributeId, a => a.Id, (v, a) => new { v.CiId, a.Key, v.Value })
                .ToListAsync(cancellationToken);
            var byCluster = rows.ToLookup(r => r.TargetId, r => r.SourceId);
            foreach (var cluster in clusters)
            {
                members[cluster] = [.. byCluster[cluster]];
                var min = values.FirstOrDefault(v => v.CiId == cluster && v.Key == CmdbSeed.MinUp)?.Value;
                var unit = values.FirstOrDefault(v => v.CiId == cluster && v.Key == CmdbSeed.MinUpUnit)?.Value;
                minUp[cluster] = (min is null ? null : decimal.Parse(min, CultureInfo.InvariantCulture), unit == CmdbSeed.Percent);
            }
        }
    }
}
