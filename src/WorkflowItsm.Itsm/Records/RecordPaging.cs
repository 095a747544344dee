using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Itsm.Records;

/// <summary>
/// One page of a record list, read the way that stays fast on large tables: the page's ids first (from an index that
/// holds the filter and sort columns and the id, so skipped rows are never read), then only the page's rows; the
/// count stops at <see cref="CountLimit"/>.
/// </summary>
public static class RecordPaging
{
    /// <summary>
    /// How far a list counts its matches. Counting every one of 100,000 closed records costs more than the page itself
    /// (and PostgreSQL may plan it in parallel, whose workers take long to start); nobody pages that far, so beyond
    /// this the list says "10,000 or more".
    /// </summary>
    public const int CountLimit = 10_000;

    /// <param name="matching">The filtered records (counted).</param>
    /// <param name="candidates">Where the page lies: <paramref name="matching"/>, or a cheaper superset of its first rows in sort order.</param>
    /// <param name="table">The records' table, from which the page's rows are read by id.</param>
    public static async Task<Page<TItem>> PageAsync<TRecord, TItem>(
        IQueryable<TRecord> matching, IQueryable<TRecord> candidates, IQueryable<TRecord> table, Func<IQueryable<TRecord>, IOrderedQueryable<TRecord>> sorted,
        Expression<Func<TRecord, TItem>> select, int pageNumber, int pageSize, CancellationToken cancellationToken)
        where TRecord : Record
    {
        var counted = await matching.Select(r => r.Id).Take(CountLimit + 1).CountAsync(cancellationToken);
        var pageIds = sorted(candidates).Skip((pageNumber - 1) * pageSize).Take(pageSize).Select(r => r.Id);
        var items = await sorted(table.Where(r => pageIds.Contains(r.Id))).Select(select).ToListAsync(cancellationToken);
        return new Page<TItem>(items, Math.Min(counted, CountLimit), pageNumber, pageSize, TotalIsLowerBound: counted > CountLimit);
    }
}
