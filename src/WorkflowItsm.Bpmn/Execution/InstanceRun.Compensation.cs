using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.State;

namespace WorkflowItsm.Bpmn.Execution;

/// <summary>
/// Compensation by the BPMN 2.0 rules as Camunda 7 applies them: an activity with a compensation handler is noted in
/// its scope when it completes (only completed activities are compensated); a compensation throw runs the handlers
/// of its scope's noted activities — or of the one its activityRef names — one after the other in reverse order of
/// completion, and goes on when the last is done. A completed sub-process without a handler of its own is
/// compensated by compensating its own activities. Thrown in an event sub-process, it compensates the scope that
/// holds the event sub-process.
/// </summary>
internal sealed partial class InstanceRun
{
    private void RegisterCompensation(TokenState token, Activity activity, List<CompensationRecord>? nested)
    {
        if (token.CompensationOf is not null)
        {
            return; // a handler is not compensated in turn
        }

        Activity? handler = activity.BoundaryEvents.FirstOrDefault(b => b.Definition is CompensateEventDefinition)?.CompensationHandler;
        handler ??= activity is SubProcess subProcess ? CompensationEventSubProcess(subProcess) : null;
        if (handler is null && nested is not { Count: > 0 })
        {
            return;
        }

        (ScopeOf(token).Compensations ??= []).Add(new CompensationRecord
        {
            ActivityId = activity.Id,
            HandlerId = handler?.Id,
            // A compensation event sub-process may itself compensate what ran inside; a handler task replaces that.
            Nested = handler is null or SubProcess { TriggeredByEvent: true } ? nested : null,
        });
    }

    /// <summary>Starts compensating; false when the thrower now waits for handlers, true when there was nothing to compensate.</summary>
    private bool ThrowCompensation(TokenState token, EventNode node, CompensateEventDefinition definition)
    {
        var scope = ScopeOf(token);
        if (scope.Kind == ScopeKind.EventSubProcess && scope.ParentId is { } parentId && _state.FindScope(parentId) is { } parent)
        {
            scope = parent;
        }

        var taken = new List<CompensationRecord>();
        if (scope.Compensations is { } records)
        {
            for (var i = records.Count - 1; i >= 0; i--)
            {
                if (definition.ActivityRef is null || records[i].ActivityId == definition.ActivityRef)
                {
                    taken.Add(records[i]); // newest first: reverse order of completion
                    records.RemoveAt(i); // compensated once
                }
            }
        }

        var handlers = new List<CompensationRecord>();
        foreach (var record in taken)
        {
            AddHandlers(record, handlers);
        }

        JournalToken(JournalEntryKind.CompensationThrown, token, node.Id, handlers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (handlers.Count == 0)
        {
            return true;
        }

        token.Phase = TokenPhase.Waiting;
        token.CompensationQueue = handlers;
        StartNextCompensationHandler(token);
        return false;

        static void AddHandlers(CompensationRecord record, List<CompensationRecord> handlers)
        {
            if (record.HandlerId is not null)
            {
                handlers.Add(record);
                return;
            }

            for (var i = (record.Nested?.Count ?? 0) - 1; i >= 0; i--)
            {
                AddHandlers(record.Nested![i], handlers);
            }
        }
    }

    private void StartNextCompensationHandler(TokenState thrower)
    {
        var queue = thrower.CompensationQueue!;
        var record = queue[0];
        queue.RemoveAt(0);
        var handlerToken = NewToken(thrower.ScopeId, record.HandlerId!, TokenPhase.Arriving);
        handlerToken.CompensationOf = thrower.Id;
        if (_process.FindNode(record.HandlerId!) is SubProcess { TriggeredByEvent: true } eventSubProcess)
        {
            StartCompensationEventSubProcess(handlerToken, eventSubProcess, record.Nested);
            return;
        }

        Enqueue(handlerToken, TokenPhase.Arriving);
    }

    /// <summary>The sub-process's event sub-process whose start event catches compensation, if it has one.</summary>
    private static SubProcess? CompensationEventSubProcess(SubProcess subProcess) =>
        subProcess.Graph.EventSubProcesses.FirstOrDefault(e => e.Graph.StartEvents.Any(s => s.Definition is CompensateEventDefinition));

    /// <summary>
    /// Runs a compensation event sub-process as its sub-process's handler: a scope like the sub-process's, holding
    /// the records of what completed inside, so a compensation thrown there compensates those.
    /// </summary>
    private void StartCompensationEventSubProcess(TokenState holder, SubProcess eventSubProcess, List<CompensationRecord>? nested)
    {
        var start = eventSubProcess.Graph.StartEvents.First(s => s.Definition is CompensateEventDefinition);
        holder.Phase = TokenPhase.Waiting;
        JournalToken(JournalEntryKind.ElementEntered, holder, eventSubProcess.Id);
        var scope = NewScope(ScopeKind.SubProcess, holder.ScopeId, eventSubProcess.Id, holder.Id);
        scope.Compensations = nested;
        Enqueue(NewToken(scope.Id, start.Id, TokenPhase.Arriving), TokenPhase.Arriving);
    }

    /// <summary>
    /// A cancel end event whose transaction has been compensated: the transaction ends (with the end event's token in
    /// it) and its cancel boundary event takes the flow on, as an interrupting boundary event does.
    /// </summary>
    private void LeaveThroughCancelBoundary(TokenState thrower)
    {
        var holder = ScopeOf(thrower).ParentTokenId is { } holderId ? _state.FindToken(holderId) : null;
        if (holder is null || NodeOf(holder) is not SubProcess { CancelBoundary: { } boundary } transaction)
        {
            throw new InvalidOperationException($"The cancel end event '{thrower.ElementId}' is not inside a transaction with a cancel boundary event.");
        }

        CancelToken(holder);
        var token = NewToken(holder.ScopeId, boundary.Id, TokenPhase.Arriving);
        JournalToken(JournalEntryKind.TransactionCancelled, token, boundary.Id, transaction.Id);
        Enqueue(token, TokenPhase.Arriving);
    }

    /// <summary>A handler finished: run the next one, or let the thrower go on.</summary>
    private void CompensationHandlerDone(string throwerId)
    {
        if (_state.FindToken(throwerId) is not { } thrower)
        {
            return; // the thrower was cancelled meanwhile
        }

        if (thrower.CompensationQueue is { Count: > 0 })
        {
            StartNextCompensationHandler(thrower);
            return;
        }

        thrower.CompensationQueue = null;
        Enqueue(thrower, TokenPhase.Leaving);
    }
}
