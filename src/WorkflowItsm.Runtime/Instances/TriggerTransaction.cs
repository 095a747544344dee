using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace WorkflowItsm.Runtime.Instances;

/// <summary>
/// A trigger's own database transaction, committed with its closing save. On a server database it opens before the
/// engine runs its handlers: rows are locked one by one, and optimistic concurrency (each row's revision) catches a
/// trigger that read what another changed meanwhile.
/// On the embedded SQLite database a transaction holds the file's one write lock, and waiting writers poll for it
/// (busy timeout) with no order: under many concurrent triggers some would wait out the timeout and fail. So on
/// SQLite the triggers of this process queue for a gate, in order, and the database lock is then free. The gate and
/// the transaction are taken only at the trigger's first write (its first save, write statement or job planned for
/// the commit): what comes before (reading the instance, running the engine and its scripts) runs beside the other
/// triggers' writes, as it does on a server database, with the same revision checks catching what changed between
/// the read and the write. The trigger that holds the gate writes through the file's one writer connection
/// (<see cref="EmbeddedWriter"/>), lent to its context until the transaction ends. (Several processes on one SQLite
/// file still meet at the busy timeout; several hosts belong on a server database.)
/// </summary>
internal sealed class TriggerTransaction : IAsyncDisposable
{
    internal const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";

    internal const string NpgsqlProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    private static readonly TimeSpan GateTimeout = TimeSpan.FromSeconds(60);

    // The SQLite triggers whose transaction waits for their first write, by context (a context runs one at a time).
    private static readonly ConditionalWeakTable<DbContext, TriggerTransaction> NotYetWriting = new();

    private readonly DbContext db;
    private readonly EmbeddedWriter? writer;
    private IDbContextTransaction? transaction;
    private bool gateTaken;
    private bool committed;

    // The context's own connection string while it writes through the writer's connection (null when it does not).
    private string? ownConnectionString;

    private TriggerTransaction(DbContext db, IDbContextTransaction? transaction, EmbeddedWriter? writer)
    {
        this.db = db;
        this.transaction = transaction;
        this.writer = writer;
    }

    /// <summary>
    /// The trigger's transaction, or null when the caller already has one open (then the caller commits). On SQLite it
    /// begins at the first write (<see cref="TriggerTransactionInterceptor"/>).
    /// </summary>
    public static async Task<TriggerTransaction?> BeginAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null || NotYetWriting.TryGetValue(db, out _))
        {
            return null;
        }

        if (db.Database.ProviderName == SqliteProvider)
        {
            var deferred = new TriggerTransaction(db, null, EmbeddedWriter.For(db));
            NotYetWriting.Add(db, deferred);
            return deferred;
        }

        return new TriggerTransaction(db, await db.Database.BeginTransactionAsync(cancellationToken), null);
    }

    /// <summary>Begins <paramref name="db"/>'s SQLite trigger transaction if one waits for its first write; true when it did.</summary>
    internal static async ValueTask<bool> BeginWritingAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (!NotYetWriting.TryGetValue(db, out var deferred) || deferred.transaction is not null)
        {
            return false;
        }

        var writer = deferred.writer!;
        if (!await writer.Gate.WaitAsync(GateTimeout, cancellationToken))
        {
            throw GateTimedOut();
        }

        deferred.gateTaken = true;
        if (deferred.MayBorrowWriter())
        {
            deferred.WriteThrough(await writer.BorrowAsync(db, cancellationToken));
        }

        deferred.transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        return true;
    }

    /// <summary>The same, for the synchronous paths (a job planned for the commit, a synchronous save).</summary>
    internal static bool BeginWriting(DbContext db)
    {
        if (!NotYetWriting.TryGetValue(db, out var deferred) || deferred.transaction is not null)
        {
            return false;
        }

        var writer = deferred.writer!;
        if (!writer.Gate.Wait(GateTimeout))
        {
            throw GateTimedOut();
        }

        deferred.gateTaken = true;
        if (deferred.MayBorrowWriter())
        {
            deferred.WriteThrough(writer.Borrow(db));
        }

        deferred.transaction = db.Database.BeginTransaction();
        return true;
    }

    /// <summary>
    /// Whether this trigger writes through the file's writer connection: when its context's own connection is closed.
    /// A write statement that EF Core has already opened a connection for (a raw insert or a bulk update as the first
    /// write) runs its transaction on that connection, as before the writer.
    /// </summary>
    private bool MayBorrowWriter() => writer!.LendsTo(db) && db.Database.GetDbConnection().State == System.Data.ConnectionState.Closed;

    /// <summary>Points the context at the writer's open connection; EF Core neither opens nor closes a connection it was given open.</summary>
    private void WriteThrough(DbConnection writerConnection)
    {
        ownConnectionString = db.Database.GetConnectionString();
        db.Database.SetDbConnection(writerConnection, contextOwnsConnection: false);
    }

    private static TimeoutException GateTimedOut() =>
        new($"A workflow trigger waited more than {GateTimeout.TotalSeconds:0} s for the embedded database.");

    /// <summary>
    /// The trigger's closing save, without the savepoint EF Core sets before each save inside a transaction (so that a
    /// failed save leaves the transaction usable): one round trip less, and a failed closing save ends the trigger
    /// anyway (it rolls back, and a conflict starts it over). The saves of the handlers before it keep their savepoint:
    /// a handler may catch a refused save and go on (a unique index that another host won), and on PostgreSQL only
    /// the savepoint keeps the transaction usable after that.
    /// </summary>
    public static async Task SaveClosingAsync(TriggerTransaction? transaction, DbContext db, Func<Task> save)
    {
        if (transaction is null)
        {
            // The caller's transaction goes on after the save, so the caller's setting stands.
            await save();
            return;
        }

        // The journal's batch and the save need the transaction open (on SQLite it may not be yet).
        await BeginWritingAsync(db, CancellationToken.None);
        var savepointsWereEnabled = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            await save();
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepointsWereEnabled;
        }
    }

    /// <summary>Commits what the trigger wrote; a trigger that wrote nothing has nothing to commit.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
            committed = true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        NotYetWriting.Remove(db);
        try
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }
        }
        finally
        {
            if (ownConnectionString is not null)
            {
                // Back on a connection of its own (made when next needed), before the gate lets the next trigger borrow the writer.
                db.Database.SetDbConnection(null, contextOwnsConnection: true);
                db.Database.SetConnectionString(ownConnectionString);
                writer!.GiveBack(committed);
            }

            if (gateTaken)
            {
                writer!.Gate.Release();
            }
        }
    }
}

/// <summary>
/// Begins a SQLite trigger's deferred transaction (<see cref="TriggerTransaction"/>) at its first write: before a save,
/// and before any statement that is not a plain read (a raw insert, a bulk update or delete, a number taken from a
/// sequence), which is then sent on that transaction. Reads before it run on their own, as on a server database.
/// </summary>
internal sealed class TriggerTransactionInterceptor : DbCommandInterceptor, ISaveChangesInterceptor
{
    public static TriggerTransactionInterceptor Instance { get; } = new();

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db)
        {
            await TriggerTransaction.BeginWritingAsync(db, cancellationToken);
        }

        return result;
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } db)
        {
            TriggerTransaction.BeginWriting(db);
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await BeginIfWriteAsync(command, eventData, cancellationToken);
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await BeginIfWriteAsync(command, eventData, cancellationToken);
        return result;
    }

    public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await BeginIfWriteAsync(command, eventData, cancellationToken);
        return result;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        BeginIfWrite(command, eventData);
        return result;
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        BeginIfWrite(command, eventData);
        return result;
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        BeginIfWrite(command, eventData);
        return result;
    }

    private static async ValueTask BeginIfWriteAsync(DbCommand command, CommandEventData eventData, CancellationToken cancellationToken)
    {
        if (eventData.Context is { } db && command.Transaction is null && !IsRead(command.CommandText)
            && await TriggerTransaction.BeginWritingAsync(db, cancellationToken))
        {
            command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        }
    }

    private static void BeginIfWrite(DbCommand command, CommandEventData eventData)
    {
        if (eventData.Context is { } db && command.Transaction is null && !IsRead(command.CommandText) && TriggerTransaction.BeginWriting(db))
        {
            command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        }
    }

    /// <summary>A statement that only reads: a SELECT (after the comment lines EF Core's query tags add), or a PRAGMA query.</summary>
    private static bool IsRead(string sql)
    {
        var text = sql.AsSpan().TrimStart();
        while (text.StartsWith("--", StringComparison.Ordinal))
        {
            var lineEnd = text.IndexOf('\n');
            text = lineEnd < 0 ? [] : text[(lineEnd + 1)..].TrimStart();
        }

        return text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) || text.StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase);
    }
}
