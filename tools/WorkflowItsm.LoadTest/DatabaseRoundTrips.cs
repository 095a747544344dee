using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WorkflowItsm.LoadTest;

/// <summary>
/// Counts what the runtime's contexts send to the database and wait for: commands, savepoints and commits (a
/// transaction's BEGIN travels with its first command). A count per lifecycle that the machine's noise cannot move.
/// Also counts connection opens: each takes a connection from the driver's pool (and on SQLite registers EF Core's
/// functions on it again).
/// </summary>
internal sealed class DatabaseRoundTrips : IDbCommandInterceptor, IDbTransactionInterceptor, IDbConnectionInterceptor
{
    public static DatabaseRoundTrips Instance { get; } = new();

    private static long count;

    private static long opens;

    public static long Count => Interlocked.Read(ref count);

    public static long Opens => Interlocked.Read(ref opens);

    public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Interlocked.Increment(ref opens);

    public Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref opens);
        return Task.CompletedTask;
    }

    private static void Add() => Interlocked.Increment(ref count);

    public DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Add();
        return result;
    }

    public ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Add();
        return ValueTask.FromResult(result);
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Add();
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Add();
        return ValueTask.FromResult(result);
    }

    public object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Add();
        return result;
    }

    public ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Add();
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Add();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Add();
        return Task.CompletedTask;
    }

    public void CreatedSavepoint(DbTransaction transaction, TransactionEventData eventData) => Add();

    public Task CreatedSavepointAsync(DbTransaction transaction, TransactionEventData eventData, CancellationToken cancellationToken = default)
    {
        Add();
        return Task.CompletedTask;
    }
}
