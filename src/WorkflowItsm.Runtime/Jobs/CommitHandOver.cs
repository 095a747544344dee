using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Runtime.Jobs;

/// <summary>
/// What a unit of work hands to the job engine while its database transaction is open, kept until that transaction
/// commits (then handed over, in order) or rolls back (then dropped). A transaction disposed without either is a
/// rollback too: its work is dropped when the next transaction begins to collect. One per context.
/// </summary>
internal sealed class CommitHandOver
{
    /// <summary>Job creations (not deletions or recurring definitions) overlap this many at a time when handed over.</summary>
    private const int ConcurrentCreations = 4;

    private readonly Lock gate = new();
    private DbTransaction? transaction;
    private List<(Action HandOver, bool MayOverlap)> waiting = [];

    /// <summary>
    /// Keeps <paramref name="handOver"/> for the commit of the transaction open on <paramref name="db"/>; false when
    /// none is open (then the caller hands over at once). <paramref name="mayOverlap"/>: order does not matter for it.
    /// </summary>
    public bool WaitForCommit(DbContext db, Action handOver, bool mayOverlap)
    {
        // A SQLite trigger that has written nothing yet opens its transaction now: the job waits for its commit too.
        Instances.TriggerTransaction.BeginWriting(db);
        if (db.Database.CurrentTransaction?.GetDbTransaction() is not { } open)
        {
            return false;
        }

        lock (gate)
        {
            if (!ReferenceEquals(open, transaction))
            {
                transaction = open;
                waiting = [];
            }

            waiting.Add((handOver, mayOverlap));
        }

        return true;
    }

    public void Committed(DbTransaction committed)
    {
        List<(Action HandOver, bool MayOverlap)> work;
        lock (gate)
        {
            if (!ReferenceEquals(committed, transaction))
            {
                return;
            }

            work = waiting;
            transaction = null;
            waiting = [];
        }

        // Creations between two order-sensitive steps overlap: each costs round trips to the job storage.
        for (var start = 0; start < work.Count;)
        {
            var end = start;
            while (end < work.Count && work[end].MayOverlap)
            {
                end++;
            }

            if (end > start + 1)
            {
                Parallel.For(start, end, new ParallelOptions { MaxDegreeOfParallelism = ConcurrentCreations }, i => work[i].HandOver());
            }
            else
            {
                work[start].HandOver();
                end = start + 1;
            }

            start = end;
        }
    }

    public void RolledBack(DbTransaction rolledBack)
    {
        lock (gate)
        {
            if (ReferenceEquals(rolledBack, transaction))
            {
                transaction = null;
                waiting = [];
            }
        }
    }
}

/// <summary>Tells a <see cref="WorkflowDbContext"/>'s <see cref="CommitHandOver"/> when its transaction commits or rolls back.</summary>
internal sealed class CommitHandOverInterceptor : DbTransactionInterceptor
{
    public static CommitHandOverInterceptor Instance { get; } = new();

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        (eventData.Context as WorkflowDbContext)?.HandOver.Committed(transaction);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        (eventData.Context as WorkflowDbContext)?.HandOver.RolledBack(transaction);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }
}
