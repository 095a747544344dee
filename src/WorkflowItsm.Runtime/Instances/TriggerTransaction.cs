using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace WorkflowItsm.Runtime.Instances;

/// <summary>
/// A trigger's own database transaction, opened before the engine runs its handlers and committed with the save.
/// On the embedded SQLite database a transaction holds the file's one write lock from its start, and waiting
/// writers poll for it (busy timeout) with no order: under many concurrent triggers some wait out the timeout and
/// fail. So on SQLite the triggers of this process queue for a gate first, in order, and the database lock is
/// then free; server databases lock rows and need no gate. (Several processes on one SQLite file still meet at the
/// busy timeout; several hosts belong on a server database.)
/// </summary>
internal sealed class TriggerTransaction : IAsyncDisposable
{
    private const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";
    private static readonly TimeSpan GateTimeout = TimeSpan.FromSeconds(60);
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> SqliteGates = new(StringComparer.Ordinal);

    private readonly DbContext db;
    private readonly IDbContextTransaction transaction;
    private readonly SemaphoreSlim? gate;
    private TriggerTransaction(DbContext db, IDbContextTransaction transaction, SemaphoreSlim? gate)
    {
        this.db = db;
        this.transaction = transaction;
        this.gate = gate;
    }

    /// <summary>The trigger's transaction, or null when the caller already has one open (then the caller commits).</summary>
    public static async Task<TriggerTransaction?> BeginAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return null;
        }

        SemaphoreSlim? gate = null;
        if (db.Database.ProviderName == SqliteProvider)
        {
            gate = SqliteGates.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1));
            if (!await gate.WaitAsync(GateTimeout, cancellationToken))
            {
                throw new TimeoutException($"A workflow trigger waited more than {GateTimeout.TotalSeconds:0} s for the embedded database.");
            }
        }

        try
        {
            return new TriggerTransaction(db, await db.Database.BeginTransactionAsync(cancellationToken), gate);
        }
        catch
        {
            gate?.Release();
            throw;
        }
    }

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

    public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await transaction.DisposeAsync();
        }
        finally
        {
            gate?.Release();
        }
    }
}
