using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Persistence.Sqlite;

/// <summary>
/// Per-connection settings for the embedded database: a writer waits inside SQLite for the write lock (instead of
/// failing and being retried after a long sleep), and in WAL mode commits are synced at checkpoints — a process
/// crash loses nothing; only a power cut can lose the last commits. The settings belong to the native connection,
/// which the driver's pool keeps between opens, so each is tuned once (not on every open of every unit of work).
/// It also tells the runtime's long-lived writer connection whether its file was deleted or replaced under it
/// (<see cref="IDatabaseFileCheck"/>).
/// </summary>
internal sealed partial class SqliteConnectionTuning : DbConnectionInterceptor, IDatabaseFileCheck
{
    /// <summary>SQLite's file control that answers whether the file a connection opened is gone from its path.</summary>
    private const int FileControlHasMoved = 20;

    private const string Pragmas = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;";

    private static readonly ConditionalWeakTable<object, object> Tuned = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!FirstOpen(connection))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!FirstOpen(connection))
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Whether this native connection is opened for the first time (a pooled one was tuned before).</summary>
    private static bool FirstOpen(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || Tuned.TryAdd(handle, Tuned);

    /// <summary>
    /// Asks SQLite itself (<c>SQLITE_FCNTL_HAS_MOVED</c>: the open file's inode against the path's, one stat call).
    /// The driver's own bindings lack this file control, so it is called in the native library they load.
    /// </summary>
    public bool FileReplaced(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { IsInvalid: false } handle })
        {
            return false;
        }

        var moved = 0;
        return FileControl(handle.DangerousGetHandle(), "main", FileControlHasMoved, ref moved) == 0 && moved != 0;
    }

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_file_control", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int FileControl(IntPtr database, string databaseName, int operation, ref int result);
}
