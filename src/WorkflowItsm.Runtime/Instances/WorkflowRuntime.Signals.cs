using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.State;
using WorkflowItsm.Runtime.Journal;

namespace WorkflowItsm.Runtime.Instances;

/// <summary>What a broadcast signal did: the waiting instances that received it and the instances it started.</summary>
public sealed record SignalBroadcastResult(string SignalName, IReadOnlyList<string> ReceivedInstanceIds, IReadOnlyList<string> StartedInstanceIds)
{
    public int Count => ReceivedInstanceIds.Count + StartedInstanceIds.Count;
}

/// <summary>Signal triggers from outside, and the forwarding of signals and messages that instances throw, after their commit.</summary>
public sealed partial class WorkflowRuntime
{
    /// <summary>
    /// How deep signals and messages thrown by instances that a thrown signal or message reached are forwarded.
    /// A process that answers a signal by throwing one (or a signal start that throws its own signal) would
    /// otherwise ping-pong for ever.
    /// </summary>
    public const int MaxForwardingDepth = 5;

    /// <summary>Forwarding in progress in this runtime (one per scope, so per request or job).</summary>
    private int forwardingDepth;

    /// <summary>
    /// Broadcasts a signal: every running instance with a subscription of that name receives it (each in its
    /// own transaction), and the latest version of every process with a signal start event of that name starts.
    /// </summary>
    /// <exception cref="FormRejectedException">The variables do not satisfy a signal start event's form.</exception>
    public Task<SignalBroadcastResult> BroadcastSignalAsync(string signalName, IReadOnlyDictionary<string, object?>? variables, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(signalName);
        return BroadcastAsync(signalName, variables, throwingInstanceId: null, cancellationToken);
    }

    private async Task<SignalBroadcastResult> BroadcastAsync(
        string signalName, IReadOnlyDictionary<string, object?>? variables, string? throwingInstanceId, CancellationToken cancellationToken)
    {
        var subscribed = await (
                from bookmark in db.Bookmarks.AsNoTracking()
                join instance in db.ProcessInstances.AsNoTracking() on bookmark.InstanceId equals instance.Id
                where bookmark.Kind == nameof(BookmarkKind.Signal) && bookmark.SignalName == signalName
                      && instance.Status == InstanceRunStatus.Running && !instance.IsSuspended
                      && instance.Id != throwingInstanceId
                select bookmark.InstanceId)
            .Distinct()
            .ToListAsync(cancellationToken);

        var received = new List<string>();
        foreach (var instanceId in subscribed.Order(StringComparer.Ordinal))
        {
            if (await DeliverSignalAsync(instanceId, signalName, variables, cancellationToken))
            {
                received.Add(instanceId);
            }
        }

        var started = new List<string>();
        foreach (var (definition, start) in await LatestStartEventsAsync(d => SignalNameOf(d) == signalName, cancellationToken))
        {
            var instance = await StartAsync(new StartProcessCommand(definition.Key, definition.Version, Variables: variables, StartEventId: start.Id), cancellationToken);
            started.Add(instance.Id);
        }

        return new SignalBroadcastResult(signalName, received, started);
    }

    /// <summary>One instance receives the signal; false when it no longer has a subscription for it.</summary>
    private async Task<bool> DeliverSignalAsync(string instanceId, string signalName, IReadOnlyDictionary<string, object?>? variables, CancellationToken cancellationToken)
    {
        var delivered = false;
        try
        {
            await WithRetryAsync(async () =>
            {
                var (instance, process, state) = await LoadAsync(instanceId, cancellationToken);
                delivered = instance.Status == InstanceRunStatus.Running && !instance.IsSuspended
                    && state.Bookmarks.Exists(b => b.Kind == BookmarkKind.Signal && b.SignalName == signalName);
                if (!delivered)
                {
                    return (null, AfterCommit.Nothing);
                }

                var result = await engine.TriggerAsync(process, state, new SignalReceived(signalName, variables), cancellationToken);
                return (instance, await ApplyAsync(instance, result, cancellationToken));
            }, cancellationToken);
        }
        catch (Exception failure) when (failure is RuntimeNotFoundException or TriggerRejectedException)
        {
            // The instance went away or finished between the lookup and the delivery: it no longer listens.
            delivered = false;
        }

        return delivered;
    }

    /// <summary>
    /// Forwards what an instance threw, after its commit: signals to the other instances and signal starts (never
    /// back to the thrower: the engine delivered them there already), messages to whoever waits for them or starts
    /// with them. Bounded by <see cref="MaxForwardingDepth"/>. The thrower's trigger is committed, so failing to
    /// reach a receiver must not fail it: such a failure is written to the thrower's journal instead.
    /// </summary>
    private async Task ForwardThrownEventsAsync(AfterCommit afterCommit, CancellationToken cancellationToken)
    {
        if (afterCommit.ThrownSignals.Count == 0 && afterCommit.SentMessages.Count == 0)
        {
            return;
        }

        if (forwardingDepth >= MaxForwardingDepth)
        {
            const string TooDeep = "it was thrown while {0} thrown signals or messages were already forwarding each other";
            foreach (var (throwingInstanceId, signal) in afterCommit.ThrownSignals)
            {
                await JournalNotForwardedAsync(throwingInstanceId, "SignalNotForwarded", signal.ElementId,
                    $"Signal '{signal.SignalName}' was not forwarded to other instances: " + string.Format(CultureInfo.InvariantCulture, TooDeep, MaxForwardingDepth), cancellationToken);
            }

            foreach (var (sendingInstanceId, message) in afterCommit.SentMessages)
            {
                await JournalNotForwardedAsync(sendingInstanceId, "MessageNotDelivered", message.ElementId,
                    $"Message '{message.MessageName}' was not delivered: " + string.Format(CultureInfo.InvariantCulture, TooDeep, MaxForwardingDepth), cancellationToken);
            }

            return;
        }

        forwardingDepth++;
        try
        {
            foreach (var (throwingInstanceId, signal) in afterCommit.ThrownSignals)
            {
                try
                {
                    await BroadcastAsync(signal.SignalName, signal.Variables, throwingInstanceId, cancellationToken);
                }
                catch (Exception failure) when (IsForwardingFailure(failure))
                {
                    await JournalNotForwardedAsync(throwingInstanceId, "SignalNotForwarded", signal.ElementId,
                        $"Signal '{signal.SignalName}' did not reach every other instance: {failure.Message}", cancellationToken);
                }
            }

            foreach (var (sendingInstanceId, message) in afterCommit.SentMessages)
            {
                try
                {
                    await CorrelateMessageAsync(message.MessageName, message.CorrelationKey, message.Variables, cancellationToken);
                }
                catch (Exception failure) when (IsForwardingFailure(failure))
                {
                    await JournalNotForwardedAsync(sendingInstanceId, "MessageNotDelivered", message.ElementId,
                        $"Message '{message.MessageName}' was not delivered: {failure.Message}", cancellationToken);
                }
            }
        }
        finally
        {
            forwardingDepth--;
        }
    }

    private static bool IsForwardingFailure(Exception failure) =>
        failure is DbUpdateException or RuntimeConflictException or RuntimeNotFoundException or TriggerRejectedException
            or FormRejectedException or InvalidOperationException;

    private async Task JournalNotForwardedAsync(string instanceId, string kind, string elementId, string detail, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        db.Journal.Add(new JournalRecord
        {
            InstanceId = instanceId,
            At = Now,
            Kind = kind,
            ElementId = elementId,
            Detail = detail.Length > 4000 ? detail[..4000] : detail,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The name a signal start event listens to, as the engine names signal subscriptions; null for others.</summary>
    private static string? SignalNameOf(EventDefinition? definition) =>
        definition is SignalEventDefinition signal ? signal.Signal?.Name ?? signal.SignalRef : null;
}
