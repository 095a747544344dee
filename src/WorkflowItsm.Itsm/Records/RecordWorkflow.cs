using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using WorkflowItsm.Itsm.Persistence;
using WorkflowItsm.Runtime;
using WorkflowItsm.Runtime.Instances;

namespace WorkflowItsm.Itsm.Records;

/// <summary>
/// The workflows a record has: the one it starts (saved in one transaction with the record), the messages it tells
/// them when something happens outside them, and cancelling them with the record. The record's number is each
/// instance's business key. A record whose process is not deployed still stands on its own.
/// </summary>
public sealed partial class RecordWorkflow(ItsmDbContext db, WorkflowRuntime runtime, ILogger<RecordWorkflow> logger)
{
    /// <summary>
    /// Starts <paramref name="process"/> for a record in the unit of work: the runtime's save stores the record, its
    /// audit and the new instance together (the process's first step finds the tracked record and links itself).
    /// Without the process deployed the record is saved alone.
    /// </summary>
    /// <exception cref="RecordConcurrencyException"/>
    public async Task StartAsync(Record record, string process, string startedBy, IReadOnlyDictionary<string, object?> variables, CancellationToken cancellationToken)
    {
        try
        {
            await runtime.StartAsync(new StartProcessCommand(process, BusinessKey: record.Number, StartedBy: startedBy, Variables: variables), cancellationToken);
        }
        catch (RuntimeNotFoundException)
        {
            LogNoWorkflow(logger, record.Number, process);
            await RecordStore.SaveThroughAsync(record, () => db.SaveChangesAsync(cancellationToken));
        }
    }

    /// <summary>Starts another process for the record (a major incident, say) unless one of it runs already, saving the unit of work with it.</summary>
    /// <exception cref="RecordConcurrencyException"/>
    public Task StartOnceAsync(Record record, string process, string startedBy, IReadOnlyDictionary<string, object?> variables, CancellationToken cancellationToken) =>
        RecordStore.SaveThroughAsync(record, async () =>
        {
            if (await RunningInstanceAsync(process, record.Number, cancellationToken) is not null)
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }

            try
            {
                await runtime.StartAsync(new StartProcessCommand(process, BusinessKey: record.Number, StartedBy: startedBy, Variables: variables), cancellationToken);
            }
            catch (RuntimeNotFoundException)
            {
                LogNoWorkflow(logger, record.Number, process);
                await db.SaveChangesAsync(cancellationToken);
            }
        });

    /// <summary>Tells the record's workflow what happened outside it; when it is not waiting for that (it drove the change itself, or has ended) there is nothing to tell.</summary>
    public async Task TellAsync(Record record, string message, CancellationToken cancellationToken)
    {
        if (record.ProcessInstanceId is null)
        {
            return;
        }

        try
        {
            await runtime.CorrelateMessageAsync(message, record.Number, null, cancellationToken);
        }
        catch (RuntimeNotFoundException)
        {
            // Nobody waits for it.
        }
    }

    /// <summary>Cancels the record's workflow and the other instances named (those that have ended already are left).</summary>
    public async Task CancelAsync(Record record, string by, CancellationToken cancellationToken, params string?[] otherInstances)
    {
        foreach (var instanceId in otherInstances.Prepend(record.ProcessInstanceId).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            try
            {
                await runtime.CancelAsync(instanceId, $"{record.Number} cancelled by {by}", cancellationToken);
            }
            catch (Exception ex) when (ex is RuntimeNotFoundException or RuntimeConflictException)
            {
                // Already ended.
            }
        }
    }

    /// <summary>The id of the running instance of <paramref name="process"/> for a record, if there is one.</summary>
    public Task<string?> RunningInstanceAsync(string process, string number, CancellationToken cancellationToken) =>
        db.ProcessInstances.AsNoTracking()
            .Where(i => i.DefinitionKey == process && i.BusinessKey == number && i.Status == InstanceRunStatus.Running)
            .Select(i => i.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Whether the instance is still running or faulted (a finished or cancelled one no longer drives its record).</summary>
    public Task<bool> IsInstanceRunningAsync(string instanceId, CancellationToken cancellationToken) =>
        db.ProcessInstances.AsNoTracking().AnyAsync(i => i.Id == instanceId && (i.Status == InstanceRunStatus.Running || i.Status == InstanceRunStatus.Faulted), cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Record {Number} has no workflow: process '{Process}' is not deployed")]
    private static partial void LogNoWorkflow(ILogger logger, string number, string process);
}
