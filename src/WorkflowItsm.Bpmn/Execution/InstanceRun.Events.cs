using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.State;

namespace WorkflowItsm.Bpmn.Execution;

internal sealed partial class InstanceRun
{
    private void EnterCatchEvent(TokenState token, IntermediateCatchEvent catchEvent)
    {
        if (catchEvent.Definition is LinkEventDefinition)
        {
            Leave(token, catchEvent);
            return;
        }

        if (catchEvent.Definition is not (TimerEventDefinition or MessageEventDefinition or SignalEventDefinition or ConditionalEventDefinition))
        {
            throw new InvalidOperationException($"The catch event '{catchEvent.Id}' has no trigger this engine executes.");
        }

        token.Phase = TokenPhase.Waiting;
        OpenSubscription(catchEvent.Definition, catchEvent, token.ScopeId, token.Id, View(token));
    }

    private async ValueTask EnterThrowEventAsync(TokenState token, IntermediateThrowEvent throwEvent)
    {
        switch (throwEvent.Definition)
        {
            case null:
                break;
            case LinkEventDefinition link:
                var target = throwEvent.Container.Graph.FindLinkCatch(link.LinkName ?? string.Empty)
                    ?? throw new InvalidOperationException($"No link catch event named '{link.LinkName}' for '{throwEvent.Id}'.");
                JournalToken(JournalEntryKind.ElementCompleted, token, throwEvent.Id);
                token.ElementId = target.Id;
                token.ArrivedVia = null;
                Enqueue(token, TokenPhase.Arriving);
                return;
            case SignalEventDefinition signal:
                ThrowSignal(token, throwEvent, signal);
                break;
            case MessageEventDefinition message:
                if (!await ThrowMessageAsync(token, throwEvent, message))
                {
                    return; // waits for an external worker
                }

                break;
            case EscalationEventDefinition escalation:
                if (!ThrowEscalation(token, throwEvent, escalation.EscalationCode))
                {
                    return; // an interrupting catcher cancelled the thrower
                }

                break;
            case CompensateEventDefinition compensate:
                if (!ThrowCompensation(token, throwEvent, compensate))
                {
                    return; // waits for its handlers
                }

                break;
            default:
                throw new InvalidOperationException($"The throw event '{throwEvent.Id}' has a trigger this engine does not execute.");
        }

        Leave(token, throwEvent);
    }

    private async ValueTask EnterEndEventAsync(TokenState token, EndEvent end)
    {
        switch (end.Definition)
        {
            case TerminateEventDefinition:
                Terminate(token, end);
                return;
            case ErrorEventDefinition error:
                // The end event is left when it throws: its end listeners run before the catcher takes over.
                RunExecutionListeners(token, end, ListenerEnd);
                ThrowError(token, end, error.ErrorCode ?? string.Empty, error.Error?.Name);
                return;
            case EscalationEventDefinition escalation:
                if (!ThrowEscalation(token, end, escalation.EscalationCode))
                {
                    return;
                }

                break;
            case SignalEventDefinition signal:
                ThrowSignal(token, end, signal);
                break;
            case CompensateEventDefinition compensate:
                if (!ThrowCompensation(token, end, compensate))
                {
                    return;
                }

                break;
            case CancelEventDefinition cancel:
                // What still runs in the transaction stops, what completed there is compensated (newest first), and
                // then the token leaves through the transaction's cancel boundary event (Leave).
                CancelTokensOf(ScopeOf(token), except: token);
                if (!ThrowCompensation(token, end, new CompensateEventDefinition(cancel.Id, ActivityRef: null)))
                {
                    return;
                }

                break;
            case MessageEventDefinition message:
                if (!await ThrowMessageAsync(token, end, message))
                {
                    return;
                }

                break;
        }

        Leave(token, end); // no outgoing flows: the token ends and its scope may complete
    }

    /// <summary>A message throw: its handler (Camunda puts one on the definition) or a message for the host.</summary>
    private async ValueTask<bool> ThrowMessageAsync(TokenState token, FlowNode node, MessageEventDefinition message)
    {
        if (message.Implementation is { } implementation)
        {
            return await InvokeImplementationAsync(token, node, implementation);
        }

        SendMessage(token, node, message.Message, message.MessageRef);
        return true;
    }

    /// <summary>Broadcasts a signal: this instance's subscriptions fire now; the host forwards it to other instances.</summary>
    private void ThrowSignal(TokenState token, FlowNode node, SignalEventDefinition signal)
    {
        var name = signal.Signal?.Name ?? signal.SignalRef ?? node.Id;
        _result.Signals.Add(new ThrownSignal(name, node.Id, null));
        JournalToken(JournalEntryKind.SignalThrown, token, node.Id, name);
        DeliverSignal(name, null);
    }

    private void DeliverSignal(string name, IReadOnlyDictionary<string, object?>? variables)
    {
        var matching = _state.Bookmarks.FindAll(b => b.Kind == BookmarkKind.Signal && b.SignalName == name);
        foreach (var bookmark in matching)
        {
            // An earlier catcher may have cancelled this one (e.g. an interrupting boundary around it).
            if (_state.Bookmarks.Contains(bookmark))
            {
                JournalBookmark(JournalEntryKind.SignalReceived, bookmark, name);
                FireSubscription(bookmark, variables);
            }
        }
    }

    /// <summary>A timer, message or signal bookmark fired: run the catcher it belongs to.</summary>
    private void FireSubscription(Bookmark bookmark, IReadOnlyDictionary<string, object?>? variables)
    {
        var node = _process.FindNode(bookmark.ElementId)
            ?? throw new InvalidOperationException($"The bookmark names '{bookmark.ElementId}', which the definition does not have.");
        switch (node)
        {
            case UserTask userTask when bookmark.TaskListenerIndex is { } listenerIndex:
                FireTimeoutListener(bookmark, userTask, listenerIndex);
                break;
            case BoundaryEvent boundary:
                FireBoundaryEvent(bookmark, boundary, variables);
                break;
            case StartEvent start:
                FireEventSubProcessStart(bookmark, start, variables);
                break;
            default:
                ResumeCatcher(bookmark, node, variables);
                break;
        }
    }

    /// <summary>A waiting catch event or receive task (possibly behind an event-based gateway) continues.</summary>
    private void ResumeCatcher(Bookmark bookmark, FlowNode node, IReadOnlyDictionary<string, object?>? variables)
    {
        var token = TokenOf(bookmark);
        RemoveBookmark(bookmark, consumed: true);
        if (token.ElementId != node.Id)
        {
            // The token waits on an event-based gateway: this event won the race, the others are cancelled.
            CloseSubscriptions(token);
            JournalToken(JournalEntryKind.ElementCompleted, token, token.ElementId);
            token.ArrivedVia = node.Incoming.FirstOrDefault(f => f.Source.Id == token.ElementId)?.Id;
            token.ElementId = node.Id;
            JournalToken(JournalEntryKind.ElementEntered, token, node.Id);
        }

        if (node is Activity)
        {
            SetActivityResults(token, node, variables);
            Enqueue(token, TokenPhase.Completing);
        }
        else
        {
            SetVariables(ScopeOf(token), variables);
            Enqueue(token, TokenPhase.Leaving);
        }
    }

    private void FireBoundaryEvent(Bookmark bookmark, BoundaryEvent boundary, IReadOnlyDictionary<string, object?>? variables)
    {
        var activityToken = TokenOf(bookmark);
        if (boundary.CancelActivity)
        {
            RemoveBookmark(bookmark, consumed: true);
            CancelToken(activityToken);
        }
        else
        {
            KeepOrRearm(bookmark);
        }

        var token = NewToken(activityToken.ScopeId, boundary.Id, TokenPhase.Arriving);
        SetVariables(ScopeOf(token), variables);
        Enqueue(token, TokenPhase.Arriving);
    }

    private void FireEventSubProcessStart(Bookmark bookmark, StartEvent start, IReadOnlyDictionary<string, object?>? variables)
    {
        var scope = _state.FindScope(bookmark.ScopeId)
            ?? throw new InvalidOperationException($"The scope '{bookmark.ScopeId}' of bookmark '{bookmark.Id}' is missing.");
        if (start.IsInterrupting)
        {
            RemoveBookmark(bookmark, consumed: true);
            CancelTokensOf(scope);
        }
        else
        {
            KeepOrRearm(bookmark);
        }

        StartEventSubProcess(scope, start, variables);
    }

    private TokenState TokenOf(Bookmark bookmark) =>
        (bookmark.TokenId is null ? null : _state.FindToken(bookmark.TokenId))
        ?? throw new InvalidOperationException($"The bookmark '{bookmark.Id}' has no waiting token.");
}
