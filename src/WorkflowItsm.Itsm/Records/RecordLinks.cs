using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Records;

/// <summary>A link as a record page lists it: the other record, the relation, who linked them and when.</summary>
public sealed record RecordLinkView(string Number, string Kind, bool Outgoing, string LinkedBy, DateTime LinkedAt);

/// <summary>
/// Links between records of any kind, written into the unit of work with an audit entry on the record the link
/// starts from (field: the relation; value: the other record's number). Linking twice changes nothing.
/// </summary>
public sealed class RecordLinks(ItsmDbContext db, RecordHistory history)
{
    private DbSet<RecordLink> Links => db.Set<RecordLink>();

    /// <returns>False when the link was there already.</returns>
    public async Task<bool> AddAsync(Record from, string toNumber, string kind, string auditField, string by, CancellationToken cancellationToken)
    {
        if (Links.Local.Any(l => l.FromNumber == from.Number && l.ToNumber == toNumber && l.Kind == kind)
            || await Links.AnyAsync(l => l.FromNumber == from.Number && l.ToNumber == toNumber && l.Kind == kind, cancellationToken))
        {
            return false;
        }

        Links.Add(new RecordLink { FromNumber = from.Number, ToNumber = toNumber, Kind = kind, LinkedBy = by, LinkedAt = history.Now });
        history.Audit(from, auditField, null, toNumber, by);
        from.UpdatedAt = history.Now;
        return true;
    }

    /// <returns>False when there was no such link.</returns>
    public async Task<bool> RemoveAsync(Record from, string toNumber, string kind, string auditField, string by, CancellationToken cancellationToken)
    {
        var link = await Links.FirstOrDefaultAsync(l => l.FromNumber == from.Number && l.ToNumber == toNumber && l.Kind == kind, cancellationToken);
        if (link is null)
        {
            return false;
        }

        Links.Remove(link);
        history.Audit(from, auditField, toNumber, null, by);
        from.UpdatedAt = history.Now;
        return true;
    }

    /// <summary>Every link of a record, both ways, oldest first.</summary>
    public async Task<IReadOnlyList<RecordLinkView>> OfAsync(string number, CancellationToken cancellationToken)
    {
        var outgoing = await Links.AsNoTracking().Where(l => l.FromNumber == number)
            .Select(l => new RecordLinkView(l.ToNumber, l.Kind, true, l.LinkedBy, l.LinkedAt)).ToListAsync(cancellationToken);
        var incoming = await Links.AsNoTracking().Where(l => l.ToNumber == number)
            .Select(l => new RecordLinkView(l.FromNumber, l.Kind, false, l.LinkedBy, l.LinkedAt)).ToListAsync(cancellationToken);
        return [.. outgoing.Concat(incoming).OrderBy(l => l.LinkedAt).ThenBy(l => l.Number, StringComparer.Ordinal)];
    }

    /// <summary>The numbers linked to <paramref name="number"/> by <paramref name="kind"/> from their side (the problems that cause an incident).</summary>
    public IQueryable<string> From(string number, string kind) =>
        Links.AsNoTracking().Where(l => l.ToNumber == number && l.Kind == kind).Select(l => l.FromNumber);
}
