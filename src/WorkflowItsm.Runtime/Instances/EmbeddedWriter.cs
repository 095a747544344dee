using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace WorkflowItsm.Runtime.Instances;

/// <summary>
/// The write gate of one embedded SQLite file in this process, and the one connection its triggers write through.
/// The trigger that holds the gate borrows the connection for its transaction (<see cref="TriggerTransaction"/>):
/// <list type="bullet">
/// <item>SQLite keeps a connection's page cache only while no other connection has written. A writer that is always
/// the same connection starts each transaction with its cache warm; a connection taken from the pool may be one that
/// only read while others wrote, and reloads its pages inside the gate.</item>
/// <item>Taking a connection from the pool, and registering the provider's SQL functions on it, happen once, not inside
/// the gate for every trigger.</item>
/// </list>
/// A writer left idle is closed after <see cref="IdleAfter"/>, so a file no longer written is not held open; and a
/// trigger that rolled back leaves the writer to be opened afresh, so no state of a failed transaction carries over to
/// the next. A file deleted or replaced under an open writer (an open connection in WAL mode would go on writing to the
/// deleted file, silently) is noticed each time the writer is lent, through the provider's
/// <see cref="IDatabaseFileCheck"/>, and the writer opens the file now at the path.
/// The connection, its idle check and its count change only while <see cref="Gate"/> is held (by a trigger, or by the
/// idle check itself), so they need no lock of their own.
/// </summary>
internal sealed class EmbeddedWriter
{
    private static readonly ConcurrentDictionary<string, EmbeddedWriter> ByConnectionString = new(StringComparer.Ordinal);

    /// <summary>How long a writer may stay unused before its connection is closed (checked as often).</summary>
    private static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds(5);

    private DbConnection? connection;
    private Timer? idleCheck;
    private int opened;

    // Read outside the gate too, by the idle check's first look.
    private long lastUsedMilliseconds;

    private EmbeddedWriter(bool namesAFile) => NamesAFile = namesAFile;

    /// <summary>The triggers of this process queue here, in order, before they write.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Whether the connection string names a database file (an in-memory database exists only in the connection that made it).</summary>
    public bool NamesAFile { get; }

    /// <summary>How many connections this writer has opened (one while it is kept open and no trigger rolled back).</summary>
    internal int Opened => opened;

    /// <summary>Whether the writer holds an open connection.</summary>
    internal bool IsOpen => connection is { State: ConnectionState.Open };

    /// <summary>The writer of <paramref name="db"/>'s database.</summary>
    public static EmbeddedWriter For(DbContext db) =>
        ByConnectionString.GetOrAdd(db.Database.GetConnectionString() ?? "", static text => new EmbeddedWriter(IsFile(text)));

    /// <summary>
    /// Whether <paramref name="db"/>'s trigger writes through the shared connection: on a database file, unless the
    /// context was handed its own connection (then it writes through that one, behind the same gate).
    /// </summary>
    public bool LendsTo(DbContext db) =>
        NamesAFile && RelationalOptionsExtension.Extract(db.GetService<IDbContextOptions>()).Connection is null;

    /// <summary>Lends the open writer connection to <paramref name="db"/>'s trigger; only while holding <see cref="Gate"/>.</summary>
    public async ValueTask<DbConnection> BorrowAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (connection is { State: ConnectionState.Open } open && !Replaced(db, open))
        {
            return open;
        }

        var created = NewConnectionLike(db);
        await created.OpenAsync(cancellationToken);
        return Keep(created.DbConnection);
    }

    /// <inheritdoc cref="BorrowAsync"/>
    public DbConnection Borrow(DbContext db)
    {
        if (connection is { State: ConnectionState.Open } open && !Replaced(db, open))
        {
            return open;
        }

        var created = NewConnectionLike(db);
        created.Open();
        return Keep(created.DbConnection);
    }

    /// <summary>The trigger is done with the connection; <paramref name="committed"/> false drops it (the trigger rolled back).</summary>
    public void GiveBack(bool committed)
    {
        if (!committed)
        {
            CloseConnection();
            return;
        }

        Volatile.Write(ref lastUsedMilliseconds, Environment.TickCount64);
        idleCheck ??= new Timer(static state => ((EmbeddedWriter)state!).CloseIfIdle(IdleAfter), this, IdleAfter, IdleAfter);
    }

    /// <summary>
    /// A connection of the context's own provider, made and opened by EF Core as the context's own would be: with the
    /// provider's SQL functions and the options' interceptors (which set the connection's pragmas).
    /// </summary>
    private static IRelationalConnection NewConnectionLike(DbContext db)
    {
        var services = db.GetInfrastructure();
        var type = db.GetService<IRelationalConnection>().GetType();
        return (IRelationalConnection)ActivatorUtilities.CreateInstance(services, type);
    }

    /// <summary>Whether the open writer's file was deleted or replaced since it opened, as the context's provider tells.</summary>
    private static bool Replaced(DbContext db, DbConnection open) =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?.OfType<IDatabaseFileCheck>().FirstOrDefault() is { } check
        && check.FileReplaced(open);

    private DbConnection Keep(DbConnection created)
    {
        opened++;
        connection?.Dispose();
        connection = created;
        return created;
    }

    /// <summary>Closes the connection when no trigger has used it for <paramref name="idleAfter"/> and none holds the gate.</summary>
    internal void CloseIfIdle(TimeSpan idleAfter)
    {
        if (Environment.TickCount64 - Volatile.Read(ref lastUsedMilliseconds) < idleAfter.TotalMilliseconds || !Gate.Wait(0))
        {
            return;
        }

        try
        {
            if (Environment.TickCount64 - Volatile.Read(ref lastUsedMilliseconds) >= idleAfter.TotalMilliseconds)
            {
                CloseConnection();
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    private void CloseConnection()
    {
        connection?.Dispose();
        connection = null;
        idleCheck?.Dispose();
        idleCheck = null;
    }

    /// <summary>Whether the SQLite connection string names a file (not <c>:memory:</c>, not <c>Mode=Memory</c>).</summary>
    private static bool IsFile(string connectionString)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        string? Value(params string[] keys) =>
            keys.Select(key => builder.TryGetValue(key, out var value) ? value?.ToString() : null).FirstOrDefault(value => value is not null);

        var dataSource = Value("Data Source", "DataSource", "Filename");
        var mode = Value("Mode");
        return !string.IsNullOrWhiteSpace(dataSource) && dataSource != ":memory:"
            && !string.Equals(mode, "Memory", StringComparison.OrdinalIgnoreCase);
    }
}
