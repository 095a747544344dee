using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WorkflowItsm.Testing;

/// <summary>
/// What EF Core does while it is alive, from its diagnostics: each command and savepoint it sends to the database, and
/// each scan of a unit of work for changes, with the context that did it (tests run side by side: filter by context
/// or by a value only this test wrote).
/// </summary>
public sealed class EfCommandLog : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly IDisposable all;
    private readonly List<IDisposable> listeners = [];
    private readonly List<Sent> sent = [];
    private readonly Action<System.Data.Common.DbCommand>? beforeCommand;

    /// <param name="beforeCommand">
    /// Runs on the sending thread just before each command goes out, with the command (its connection and transaction
    /// set): a test can change the database there, as another host would have the moment before.
    /// </param>
    public EfCommandLog(Action<System.Data.Common.DbCommand>? beforeCommand = null)
    {
        this.beforeCommand = beforeCommand;
        all = DiagnosticListener.AllListeners.Subscribe(this);
    }

    public enum Kind
    {
        Command,
        Savepoint,
        ChangeScan,
    }

    /// <summary>A command (its text and its parameters' values), or a savepoint or a scan for changes (no text).</summary>
    public sealed record Sent(DbContext? Context, Kind What, string Text = "", string ParameterValues = "")
    {
        /// <summary>The connection a command went over: the log hears every context of the process, other tests' too.</summary>
        public System.Data.Common.DbConnection? Connection { get; init; }

        public bool IsSavepoint => What == Kind.Savepoint;

        public bool IsChangeScan => What == Kind.ChangeScan;
    }

    public IReadOnlyList<Sent> Entries
    {
        get
        {
            lock (sent)
            {
                return [.. sent];
            }
        }
    }

    /// <summary>What <paramref name="context"/> sent.</summary>
    public IReadOnlyList<Sent> By(DbContext context) => [.. Entries.Where(entry => ReferenceEquals(entry.Context, context))];

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            lock (listeners)
            {
                listeners.Add(listener.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (beforeCommand is not null && value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData executing)
        {
            beforeCommand(executing.Command);
            return;
        }

        Sent? entry = value.Value switch
        {
            CommandExecutedEventData executed when value.Key == RelationalEventId.CommandExecuted.Name => new Sent(executed.Context, Kind.Command, executed.Command.CommandText,
                string.Join(" ", executed.Command.Parameters.Cast<System.Data.Common.DbParameter>().Select(p => p.Value?.ToString())))
            {
                Connection = executed.Command.Connection,
            },
            TransactionEventData savepoint when value.Key == RelationalEventId.CreatingTransactionSavepoint.Name => new Sent(savepoint.Context, Kind.Savepoint),
            DbContextEventData scan when value.Key == CoreEventId.DetectChangesStarting.Name => new Sent(scan.Context, Kind.ChangeScan),
            _ => null,
        };
        if (entry is not null)
        {
            lock (sent)
            {
                sent.Add(entry);
            }
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        all.Dispose();
        lock (listeners)
        {
            listeners.ForEach(l => l.Dispose());
        }
    }
}
