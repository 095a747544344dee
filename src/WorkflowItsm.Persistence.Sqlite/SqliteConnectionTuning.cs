using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WorkflowItsm.Persistence.Sqlite;

/// <summary>
/// Per-connection settings for the embedded database: a writer waits inside SQLite for the write lock (instead of
/// failing and being retried after a long sleep), and in WAL mode commits are synced at checkpoints — a process
/// crash loses nothing; only a power cut can lose the last commits. The settings belong to the native connection,
/// which the driver's pool keeps between opens, so each is tuned once (not on every open of every unit of work).
/// </summary>
internal sealed class SqliteConnectionTuning : DbConnectionInterceptor
{
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
}
