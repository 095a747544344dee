using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Configuration;

/// <summary>A CI as the graph view draws it: name, class, whether it works.</summary>
public sealed record CiGraphNode(
    string Number, string Name, string ClassKey, string ClassName, CiState State, OperationalStatus OperationalStatus, bool IsBusinessService);

/// <summary>A relation as drawn: from <see cref="Source"/> to <see cref="Target"/>, read "source {Words} target" ("Exchange Server runs on vm-mail-01").</summary>
public sealed record CiGraphEdge(long Id, string Source, string Target, string Type, string Words);

/// <summary>
/// One page of a CI's direct neighbours: the CI, the neighbours and the relations joining them, the relations the CI
/// has in all, and how many are beyond this page (<see cref="More"/>), which the graph shows as a "+N more" node.
/// </summary>
public sealed record CiNeighbourhood(CiGraphNode Ci, IReadOnlyList<CiGraphNode> Nodes, IReadOnlyList<CiGraphEdge> Edges, int Total, int Skip, int More);

/// <summary>
/// A CI's direct neighbours, a page at a time, for the graph view: a switch with 10,000 relations is expanded 50 at
/// a time, so the browser never receives (or lays out) the whole neighbourhood. Two indexed queries for the page
/// (relations by either end, then their CIs) and one count; the graph itself keeps what it has seen, so cycles cost
/// nothing here.
/// </summary>
public sealed class CiNeighbours(ItsmDbContext db)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>The CIs numbered, as the graph draws them (for the CIs an impact analysis reached); unknown numbers are left out.</summary>
    public async Task<IReadOnlyList<CiGraphNode>> NodesAsync(IReadOnlyCollection<string> numbers, CancellationToken cancellationToken)
    {
        var wanted = numbers.Select(n => n.Trim().ToUpperInvariant()).Distinct().ToList();
        var classes = await db.CiClasses.AsNoTracking().ToDictionaryAsync(c => c.Id, cancellationToken);
        var found = await db.ConfigurationItems.AsNoTracking().Where(c => wanted.Contains(c.Number))
            .Select(c => new { c.Number, c.ShortDescription, c.ClassId, c.State, c.OperationalStatus }).ToListAsync(cancellationToken);
        return [.. found.Select(c => new CiGraphNode(c.Number, c.ShortDescription, classes[c.ClassId].Key, classes[c.ClassId].Name, c.State, c.OperationalStatus,
            classes[c.ClassId].Key == CmdbSeed.BusinessService))];
    }

    /// <summary>The page of relations from <paramref name="skip"/>, at most <paramref name="limit"/>; null when there is no such CI.</summary>
    public async Task<CiNeighbourhood?> PageAsync(string number, int skip, int limit, CancellationToken cancellationToken)
    {
        var key = number.Trim().ToUpperInvariant();
        var ci = await db.ConfigurationItems.AsNoTracking().Where(c => c.Number == key)
            .Select(c => new { c.Id, c.Number, c.ShortDescription, c.ClassId, c.State, c.OperationalStatus }).FirstOrDefaultAsync(cancellationToken);
        if (ci is null)
        {
            return null;
        }

        var relations = db.CiRelations.AsNoTracking().Where(r => r.SourceId == ci.Id || r.TargetId == ci.Id);
        var total = await relations.CountAsync(cancellationToken);
        var page = await relations.OrderBy(r => r.TypeId).ThenBy(r => r.Id).Skip(skip).Take(limit)
            .Select(r => new { r.Id, r.SourceId, r.TypeId, r.TargetId }).ToListAsync(cancellationToken);
        var otherIds = page.Select(r => r.SourceId == ci.Id ? r.TargetId : r.SourceId).Distinct().ToList();
        var others = await db.ConfigurationItems.AsNoTracking().Where(c => otherIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Number, c.ShortDescription, c.ClassId, c.State, c.OperationalStatus }).ToDictionaryAsync(c => c.Id, cancellationToken);

        var classes = await db.CiClasses.AsNoTracking().ToDictionaryAsync(c => c.Id, cancellationToken);
        var types = await db.CiRelationTypes.AsNoTracking().ToDictionaryAsync(t => t.Id, cancellationToken);
        CiGraphNode Node(string num, string name, int classId, CiState state, OperationalStatus status) =>
            new(num, name, classes[classId].Key, classes[classId].Name, state, status, classes[classId].Key == CmdbSeed.BusinessService);
        string NumberOf(long id) => id == ci.Id ? ci.Number : others[id].Number;

        var nodes = otherIds.Select(id => others[id]).OrderBy(o => o.ShortDescription, StringComparer.CurrentCultureIgnoreCase)
            .Select(o => Node(o.Number, o.ShortDescription, o.ClassId, o.State, o.OperationalStatus)).ToList();
        var edges = page.Select(r => new CiGraphEdge(r.Id, NumberOf(r.SourceId), NumberOf(r.TargetId), types[r.TypeId].Key, types[r.TypeId].Name)).ToList();
        return new CiNeighbourhood(Node(ci.Number, ci.ShortDescription, ci.ClassId, ci.State, ci.OperationalStatus), nodes, edges, total, skip,
            Math.Max(0, total - skip - page.Count));
    }
}
