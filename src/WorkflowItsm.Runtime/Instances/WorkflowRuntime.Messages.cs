using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Runtime.Deployments;

namespace WorkflowItsm.Runtime.Instances;

/// <summary>
/// What a correlated message did: the waiting instances it reached, the instances it started, or (when nothing
/// waited and buffering was asked for) until when it is kept for an instance that comes to wait for it.
/// </summary>
public sealed record MessageCorrelationResult(
    string MessageName,
    string? CorrelationKey,
    IReadOnlyList<string> CorrelatedInstanceIds,
    IReadOnlyList<string> StartedInstanceIds,
    DateTime? BufferedUntil = null);

/// <summary>Message triggers: correlation to waiting bookmarks by the indexed (name, correlation key) columns, else message starts.</summary>
public sealed partial class WorkflowRuntime
{
    /// <summary>
    /// Delivers a message. With a correlation key it reaches every running instance that waits for the message
    /// under that key (a bookmark without its own key matches by the instance's business key); without one it
    /// must be unambiguous, as in Camunda: exactly one instance may wait for it. Each instance takes the message
    /// once (at its oldest matching bookmark), in its own transaction. When no instance waits, the latest
    /// version of every process with a message start event of that name starts, with the key as business key.
    /// </summary>
    /// <param name="bufferFor">
    /// When nothing waits and nothing starts: keep the message this long for the first instance that comes to wait
    /// for it (at most <see cref="RuntimeOptions.MaxMessageBuffer"/>); null or zero answers "not found" at once.
    /// </param>
    /// <exception cref="RuntimeNotFoundException">Nothing waits for the message, no process starts with it, and it was not to be buffered.</exception>
    /// <exception cref="RuntimeConflictException">No key was given and more than one instance waits.</exception>
    /// <exception cref="FormRejectedException">The variables do not satisfy a message start event's form.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferFor"/> is negative or longer than allowed.</exception>
    public async Task<MessageCorrelationResult> CorrelateMessageAsync(
        string messageName, string? correlationKey, IReadOnlyDictionary<string, object?>? variables, CancellationToken cancellationToken,
        TimeSpan? bufferFor = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageName);
        VariableLimits.Check(variables, options);
        if (bufferFor is { } buffer && (buffer < TimeSpan.Zero || buffer > options.MaxMessageBuffer))
        {
            throw new ArgumentOutOfRangeException(nameof(bufferFor), buffer, $"A message is buffered for at most {options.MaxMessageBuffer}.");
        }

        var waiting = await InstancesWaitingForMessageAsync(messageName, correlationKey, cancellationToken);
        if (correlationKey is null && waiting.Count > 1)
        {
            throw new RuntimeConflictException(
                $"{waiting.Count} process instances wait for message '{messageName}'; give the correlation key of the one it is for.");
        }

        var correlated = new List<string>();
        foreach (var instanceId in waiting)
        {
            if (await DeliverMessageAsync(instanceId, messageName, correlationKey, variables, cancellationToken))
            {
                correlated.Add(instanceId);
            }
        }

        if (correlated.Count > 0)
        {
            return new MessageCorrelationResult(messageName, correlationKey, correlated, []);
        }

        var started = new List<string>();
        foreach (var (definition, start) in await LatestStartEventsAsync(d => MessageNameOf(d) == messageName, cancellationToken))
        {
            var instance = await StartAsync(new StartProcessCommand(definition.Key, definition.Version, correlationKey, variables, StartEventId: start.Id), cancellationToken);
            started.Add(instance.Id);
        }

        if (started.Count > 0)
        {
            return new MessageCorrelationResult(messageName, correlationKey, [], started);
        }

        if (bufferFor is { } keepFor && keepFor > TimeSpan.Zero)
        {
            return new MessageCorrelationResult(messageName, correlationKey, [], [], await BufferAsync(messageName, correlationKey, variables, keepFor, cancellationToken));
        }

        throw new RuntimeNotFoundException(correlationKey is null
                ? $"No process instance waits for message '{messageName}', and no process starts with it."
                : $"No process instance waits for message '{messageName}' with correlation key '{correlationKey}', and no process starts with it.");
    }

    private async Task<List<string>> InstancesWaitingForMessageAsync(string messageName, string? correlationKey, CancellationToken cancellationToken)
    {
        var waiting =
            from bookmark in db.Bookmarks.AsNoTracking()
            join instance in db.ProcessInstances.AsNoTracking() on bookmark.InstanceId equals instance.Id
            where bookmark.Kind == nameof(BookmarkKind.Message) && bookmark.MessageName == messageName
                  && instance.Status == InstanceRunStatus.Running && !instance.IsSuspended
            select new { bookmark.InstanceId, bookmark.CorrelationKey, instance.BusinessKey, bookmark.CreatedAt };
        if (correlationKey is not null)
        {
            waiting = waiting.Where(w => w.CorrelationKey == correlationKey || (w.CorrelationKey == null && w.BusinessKey == correlationKey));
        }

        var rows = await waiting.Select(w => new { w.InstanceId, w.CreatedAt }).ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.CreatedAt).Select(r => r.InstanceId).Distinct()];
    }

    /// <summary>
    /// One instance takes the message, re-checked against its state inside the transaction; false when it no
    /// longer waits (another message or trigger got there first).
    /// </summary>
    private async Task<bool> DeliverMessageAsync(
        string instanceId, string messageName, string? correlationKey, IReadOnlyDictionary<string, object?>? variables, CancellationToken cancellationToken)
    {
        var delivered = false;
        try
        {
            await WithRetryAsync(async () =>
            {
                var (instance, process, state) = await LoadAsync(instanceId, cancellationToken);
                var bookmark = state.Bookmarks.Find(b => b.Kind == BookmarkKind.Message && b.MessageName == messageName
                    && (correlationKey is null || (b.CorrelationKey ?? state.BusinessKey) == correlationKey));
                delivered = bookmark is not null && instance.Status == InstanceRunStatus.Running && !instance.IsSuspended;
                if (!delivered)
                {
                    return (null, AfterCommit.Nothing);
                }

                var result = await engine.TriggerAsync(process, state, new MessageReceived(bookmark!.Id, variables), cancellationToken);
                return (instance, await ApplyAsync(instance, result, cancellationToken));
            }, cancellationToken);
        }
        catch (RuntimeNotFoundException)
        {
            // The instance was deleted after the bookmark lookup.
            delivered = false;
        }

        return delivered;
    }

    /// <summary>
    /// The top-level start events of the latest deployed version of each process that match (for a message or
    /// signal name at most one per process: deployment refuses two).
    /// Reads the latest version of every key: fine for tens of processes; an index of start events by message
    /// and signal name would be the next step when there are thousands.
    /// </summary>
    private async Task<List<(ProcessDefinitionRecord Definition, StartEvent Start)>> LatestStartEventsAsync(
        Func<EventDefinition?, bool> matches, CancellationToken cancellationToken)
    {
        var latest = await db.ProcessDefinitions.AsNoTracking()
            .Where(d => d.Version == db.ProcessDefinitions.Where(other => other.Key == d.Key).Max(other => other.Version))
            .OrderBy(d => d.Key)
            .ToListAsync(cancellationToken);
        var starts = new List<(ProcessDefinitionRecord, StartEvent)>();
        foreach (var definition in latest)
        {
            var process = definitions.Get(definition);
            if (process.IsExecutable)
            {
                starts.AddRange(process.Graph.StartEvents.Where(s => matches(s.Definition)).Select(start => (definition, start)));
            }
        }

        return starts;
    }

    /// <summary>The name a message start event listens to, as the engine names message subscriptions; null for others.</summary>
    private static string? MessageNameOf(EventDefinition? definition) => definition switch
    {
        // A start event has no variables to evaluate a name expression against: only literal names can match.
        MessageEventDefinition { Message.Name: { IsLiteral: true } name } => name.Raw,
        MessageEventDefinition { Message.Name: null, Message: { } message } => message.Id,
        MessageEventDefinition { Message: null, MessageRef: { } reference } => reference,
        _ => null,
    };
}
