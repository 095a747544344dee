using System.Globalization;
using System.Linq.Expressions;
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
/// The surroundings of several CIs read in one walk: what an outage of them all impacts (downstream) and, for each
/// of them, what it depends on (upstream) — as the separate analyses would find them.
/// </summary>
public sealed record CiSurroundings(ImpactResult Downstream, IReadOnlyList<ImpactResult> UpstreamOfEach);

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
/// Cost: the graph is walked level by level with two indexed queries per level for every walk under way (the
/// relations WHERE SourceId/TargetId IN the level's CIs, on the relation table's two covering indexes; then the
/// name, class and state of the CIs reached, by primary key, which also leaves out retired ones), plus, on levels that reach clusters, one query for their members and
/// one for their redundancy; never a query per CI. A CI is visited once, so cycles end, and the walk stops at
/// <c>depth</c> levels. Retired CIs are out of the graph (their relations are kept for history). Relation types and
/// CI classes are read once per instance (one per request).
/// </para>
/// </summary>
public sealed class ImpactAnalysis(ItsmDbContext db)
{
    public const int DefaultDepth = 10;
    public const int MaxDepth = 50;

    /// <summary>The ids one IN list holds; a larger level is read in several batches.</summary>
    private const int Batch = 5_000;

    private List<CiRelationType>? relationTypes;
    private Dictionary<int, CiClass>? ciClasses;

    /// <summary>What an outage of the CIs numbered <paramref name="down"/>, all at once, impacts.</summary>
    /// <exception cref="Records.RecordNotFoundException">A number is no CI's.</exception>
    public async Task<ImpactResult> DownstreamAsync(IReadOnlyCollection<string> down, int depth, CancellationToken cancellationToken)
    {
        var facts = await FactsOfAsync(down, cancellationToken);
        var walk = new Walk(ImpactDirection.Downstream, [.. facts.Keys], depth);
        await WalkAsync([walk], facts, knowDepthLimit: true, cancellationToken);
        return await ResultAsync(down, walk, facts, cancellationToken);
    }

    /// <summary>What the CI numbered <paramref name="number"/> depends on, directly or through others.</summary>
    /// <exception cref="Records.RecordNotFoundException"/>
    public async Task<ImpactResult> UpstreamAsync(string number, int depth, CancellationToken cancellationToken)
    {
        var facts = await FactsOfAsync([number], cancellationToken);
        var walk = new Walk(ImpactDirection.Upstream, [.. facts.Keys], depth);
        await WalkAsync([walk], facts, knowDepthLimit: true, cancellationToken);
        return await ResultAsync([number], walk, facts, cancellationToken);
    }

    public Task<ImpactResult> AnalyzeAsync(string number, ImpactDirection direction, int depth, CancellationToken cancellationToken) =>
        direction == ImpactDirection.Upstream ? UpstreamAsync(number, depth, cancellationToken) : DownstreamAsync([number], depth, cancellationToken);

    /// <summary>
    /// <see cref="DownstreamAsync"/> of all of <paramref name="numbers"/> to <paramref name="downstreamDepth"/> and
    /// <see cref="UpstreamAsync"/> of each to <paramref name="upstreamDepth"/>, walked together: the same queries per level
    /// for all of them instead of one per level per analysis. Whether there was more beyond the depth is not looked
    /// up: <see cref="ImpactResult.DepthLimitReached"/> says only that the last level reached something.
    /// </summary>
    /// <exception cref="Records.RecordNotFoundException">A number is no CI's.</exception>
    public async Task<CiSurroundings> SurroundingsAsync(IReadOnlyList<string> numbers, int downstreamDepth, int upstreamDepth, CancellationToken cancellationToken)
    {
        var facts = await FactsOfAsync(numbers, cancellationToken);
        var idOf = facts.ToDictionary(f => f.Value.Number, f => f.Key, StringComparer.Ordinal);
        var downstream = new Walk(ImpactDirection.Downstream, [.. facts.Keys], downstreamDepth);
        var upstream = numbers.Select(n => new Walk(ImpactDirection.Upstream, [idOf[Key(n)]], upstreamDepth)).ToList();
        await WalkAsync([downstream, .. upstream], facts, knowDepthLimit: false, cancellationToken);
        var results = new List<ImpactResult>();
        for (var i = 0; i < numbers.Count; i++)
        {
            results.Add(await ResultAsync([numbers[i]], upstream[i], facts, cancellationToken));
        }

        return new CiSurroundings(await ResultAsync(numbers, downstream, facts, cancellationToken), results);
    }

    /// <summary>The relation types, read once per instance.</summary>
    public async Task<IReadOnlyList<CiRelationType>> RelationTypesAsync(CancellationToken cancellationToken) =>
        relationTypes ??= await db.CiRelationTypes.AsNoTracking().ToListAsync(cancellationToken);

    private static string Key(string number) => number.Trim().ToUpperInvariant();

    private sealed record Reach(long Id, int Depth, long Via, int TypeId);

    /// <summary>What the result needs of a CI, read with the relation that reaches it.</summary>
    private sealed record CiFacts(string Number, string Name, int ClassId, CiState State, BusinessCriticality Criticality);

    /// <summary>One analysis under way: its start, the CIs it reached and the level it is at.</summary>
    private sealed class Walk(ImpactDirection direction, IReadOnlyList<long> start, int depth)
    {
        public ImpactDirection Direction { get; } = direction;
        public HashSet<long> Start { get; } = [.. start];
        public int Depth { get; } = depth;
        public Dictionary<long, Reach> Reached { get; } = [];
        public List<long> Frontier { get; set; } = [.. start];
        public int Level { get; set; }
        public bool DepthLimitReached { get; set; }
        public bool Active => Level < Depth && Frontier.Count > 0;
    }

    /// <summary>A relation read for a level, from the CI on the walk's side (near) to the one it reaches (far).</summary>
    private readonly record struct Edge(long Near, long Far, int TypeId, ImpactDirection Direction);

    private async Task WalkAsync(List<Walk> walks, Dictionary<long, CiFacts> facts, bool knowDepthLimit, CancellationToken cancellationToken)
    {
        var types = await RelationTypesAsync(cancellationToken);
        var membership = types.Where(t => t.IsMembership).Select(t => t.Id).ToHashSet();
        var redundancy = new Redundancy(db, membership);
        while (walks.Any(w => w.Active))
        {
            var active = walks.Where(w => w.Active).ToList();
            var edges = await NeighboursAsync(active, types, facts, cancellationToken);
            foreach (var walk in active)
            {
                var clusters = Step(walk, edges, membership);
                if (clusters.Count > 0)
                {
                    var down = new HashSet<long>(walk.Start);
                    down.UnionWith(walk.Reached.Keys);
                    foreach (var cluster in await redundancy.DownAsync([.. clusters.Keys], down, cancellationToken))
                    {
                        var (via, typeId) = clusters[cluster];
                        walk.Reached[cluster] = new Reach(cluster, walk.Level + 1, via, typeId);
                        walk.Frontier.Add(cluster);
                    }
                }

                walk.Level++;
            }
        }

        var limited = walks.Where(w => w.Frontier.Count > 0 && w.Level >= w.Depth).ToList();
        if (limited.Count == 0)
        {
            return;
        }

        if (!knowDepthLimit)
        {
            limited.ForEach(w => w.DepthLimitReached = true);
            return;
        }

        // One more level read (nothing taken from it) says whether there was more beyond the depth.
        var beyond = await NeighboursAsync(limited, types, facts, cancellationToken);
        foreach (var walk in limited)
        {
            var frontier = walk.Frontier.ToHashSet();
            walk.DepthLimitReached = beyond.Any(e => e.Direction == walk.Direction && frontier.Contains(e.Near));
        }
    }

    /// <summary>
    /// Takes one level of the walk from the edges read: the CIs reached go to the next frontier; clusters reached
    /// through their members (downstream) are returned to be weighed by their redundancy.
    /// </summary>
    private static Dictionary<long, (long Via, int TypeId)> Step(Walk walk, List<Edge> edges, HashSet<int> membership)
    {
        var frontier = walk.Frontier.ToHashSet();
        var next = new List<long>();
        var clusters = new Dictionary<long, (long Via, int TypeId)>();
        foreach (var edge in edges)
        {
            if (edge.Direction != walk.Direction || !frontier.Contains(edge.Near) || walk.Start.Contains(edge.Far) || walk.Reached.ContainsKey(edge.Far))
            {
                continue;
            }

            if (walk.Direction == ImpactDirection.Downstream && membership.Contains(edge.TypeId))
            {
                clusters.TryAdd(edge.Far, (edge.Near, edge.TypeId));
                continue;
            }

            walk.Reached[edge.Far] = new Reach(edge.Far, walk.Level + 1, edge.Near, edge.TypeId);
            next.Add(edge.Far);
        }

        walk.Frontier = next;
        return clusters.Where(c => !walk.Reached.ContainsKey(c.Key)).ToDictionary(c => c.Key, c => c.Value);
    }

    /// <summary>
    /// One level of every walk in one round trip: each relation that carries impact (downstream) or need (upstream)
    /// from a frontier CI to a CI that is not retired, with that CI's facts. Rows are taken in a fixed order (near,
    /// far, type) so a CI reachable two ways at one level is always reached the same way.
    /// </summary>
    private async Task<List<Edge>> NeighboursAsync(List<Walk> walks, IReadOnlyList<CiRelationType> types, Dictionary<long, CiFacts> facts, CancellationToken cancellationToken)
    {
        var sourceNeedsTarget = types.Where(t => t.Impact == RelationImpact.SourceNeedsTarget).Select(t => t.Id).ToList();
        var targetNeedsSource = types.Where(t => t.Impact == RelationImpact.TargetNeedsSource).Select(t => t.Id).ToList();
        var needsTarget = sourceNeedsTarget.ToHashSet();
        var needsSource = targetNeedsSource.ToHashSet();
        var downIds = walks.Where(w => w.Direction == ImpactDirection.Downstream).SelectMany(w => w.Frontier).Distinct().ToList();
        var upIds = walks.Where(w => w.Direction == ImpactDirection.Upstream).SelectMany(w => w.Frontier).Distinct().ToList();
        var edges = new HashSet<Edge>();
        foreach (var (down, up) in Chunks(downIds, upIds))
        {
            // One branch per direction and end, each a plain "end IN (...) AND type IN (...)" that an index serves
            // (an OR of them makes PostgreSQL scan the whole table); the far end is the source where the frontier
            // holds the target, and the target where it holds the source.
            IQueryable<LevelRow>? query = null;
            void Add(IQueryable<LevelRow> branch) => query = query is null ? branch : query.Concat(branch);
            if (down.Count > 0)
            {
                Add(FarIsSource(r => down.Contains(r.TargetId) && sourceNeedsTarget.Contains(r.TypeId)));
                Add(FarIsTarget(r => down.Contains(r.SourceId) && targetNeedsSource.Contains(r.TypeId)));
            }

            if (up.Count > 0)
            {
                Add(FarIsSource(r => up.Contains(r.TargetId) && targetNeedsSource.Contains(r.TypeId)));
                Add(FarIsTarget(r => up.Contains(r.SourceId) && sourceNeedsTarget.Contains(r.TypeId)));
            }

            var rows = await query!.ToListAsync(cancellationToken);
            var downSet = down.ToHashSet();
            var upSet = up.ToHashSet();
            foreach (var row in rows)
            {
                // Downstream goes from the needed end to the needing end; upstream the other way.
                var downstream = row.FarIsSource ? needsTarget.Contains(row.TypeId) : needsSource.Contains(row.TypeId);
                if (downstream ? downSet.Contains(row.Near) : upSet.Contains(row.Near))
                {
                    edges.Add(new Edge(row.Near, row.Far, row.TypeId, downstream ? ImpactDirection.Downstream : ImpactDirection.Upstream));
                }
            }
        }

        return await WithFactsAsync([.. edges.OrderBy(e => e.Near).ThenBy(e => e.Far).ThenBy(e => e.TypeId)], facts, cancellationToken);
    }

    /// <summary>A relation of a level, from the frontier's end (near) to the other (far).</summary>
    private sealed class LevelRow
    {
        public long Near { get; init; }
        public long Far { get; init; }
        public int TypeId { get; init; }
        public bool FarIsSource { get; init; }
    }

    private IQueryable<LevelRow> FarIsSource(Expression<Func<CiRelation, bool>> relations) =>
        db.CiRelations.AsNoTracking().Where(relations).Select(r => new LevelRow { Near = r.TargetId, Far = r.SourceId, TypeId = r.TypeId, FarIsSource = true });

    private IQueryable<LevelRow> FarIsTarget(Expression<Func<CiRelation, bool>> relations) =>
        db.CiRelations.AsNoTracking().Where(relations).Select(r => new LevelRow { Near = r.SourceId, Far = r.TargetId, TypeId = r.TypeId, FarIsSource = false });

    /// <summary>
    /// Reads the facts of the CIs a level reached that are not known yet, by primary key (a join in the level query
    /// made PostgreSQL's generic plan hash all CIs), and leaves out the relations to retired CIs.
    /// </summary>
    private async Task<List<Edge>> WithFactsAsync(List<Edge> edges, Dictionary<long, CiFacts> facts, CancellationToken cancellationToken)
    {
        foreach (var chunk in edges.Select(e => e.Far).Where(id => !facts.ContainsKey(id)).Distinct().Chunk(Batch))
        {
            var ids = chunk.ToList();
            foreach (var c in await db.ConfigurationItems.AsNoTracking().Where(c => ids.Contains(c.Id))
                .Select(c => new { c.Id, c.Number, c.ShortDescription, c.ClassId, c.State, c.BusinessCriticality }).ToListAsync(cancellationToken))
            {
                facts[c.Id] = new CiFacts(c.Number, c.ShortDescription, c.ClassId, c.State, c.BusinessCriticality);
            }
        }

        return [.. edges.Where(e => facts[e.Far].State != CiState.Retired)];
    }

    /// <summary>The two frontiers cut into batches that one query's IN lists hold.</summary>
    private static IEnumerable<(List<long> Down, List<long> Up)> Chunks(List<long> down, List<long> up)
    {
        for (var at = 0; at < Math.Max(down.Count, up.Count); at += Batch)
        {
            yield return ([.. down.Skip(at).Take(Batch)], [.. up.Skip(at).Take(Batch)]);
        }
    }

    private async Task<Dictionary<long, CiFacts>> FactsOfAsync(IReadOnlyCollection<string> numbers, CancellationToken cancellationToken)
    {
        var wanted = numbers.Select(Key).Distinct().ToList();
        var found = await db.ConfigurationItems.AsNoTracking().Where(c => wanted.Contains(c.Number))
            .Select(c => new { c.Id, c.Number, c.ShortDescription, c.ClassId, c.State, c.BusinessCriticality }).ToListAsync(cancellationToken);
        if (wanted.FirstOrDefault(n => found.All(f => f.Number != n)) is { } missing)
        {
            throw Records.RecordNotFoundException.For(CiService.Kind, missing);
        }

        return found.ToDictionary(c => c.Id, c => new CiFacts(c.Number, c.ShortDescription, c.ClassId, c.State, c.BusinessCriticality));
    }

    private async Task<ImpactResult> ResultAsync(IReadOnlyCollection<string> start, Walk walk, Dictionary<long, CiFacts> cis, CancellationToken cancellationToken)
    {
        var classes = ciClasses ??= await db.CiClasses.AsNoTracking().ToDictionaryAsync(c => c.Id, cancellationToken);
        var types = (await RelationTypesAsync(cancellationToken)).ToDictionary(t => t.Id);
        var direction = walk.Direction;
        var items = walk.Reached.Values.OrderBy(r => r.Depth).ThenBy(r => cis[r.Id].Name, StringComparer.CurrentCultureIgnoreCase)
            .Select(r =>
            {
                var ci = cis[r.Id];
                var ciClass = classes[ci.ClassId];
                var type = types[r.TypeId];
                return new ImpactedCi(ci.Number, ci.Name, ciClass.Key, ciClass.Name, ciClass.Key == CmdbSeed.BusinessService, ci.State, ci.Criticality,
                    r.Depth, cis[r.Via].Number, direction == ImpactDirection.Downstream ? Words(type, needsVia: true) : Words(type, needsVia: false));
            })
            .ToList();
        return new ImpactResult(direction, [.. start.Select(Key)], walk.Depth, items, walk.DepthLimitReached);
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
