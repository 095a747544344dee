using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.State;

namespace WorkflowItsm.Bpmn.Execution;

internal sealed partial class InstanceRun
{
    private ScopeState NewScope(ScopeKind kind, string? parentId, string? elementId, string? parentTokenId)
    {
        var scope = new ScopeState
        {
            Id = NextLocalId("s"),
            Kind = kind,
            ParentId = parentId,
            ElementId = elementId,
            ParentTokenId = parentTokenId,
        };
        _state.Scopes.Add(scope);
        return scope;
    }

    /// <summary>The process or sub-process whose graph a scope runs; null for multi-instance scopes.</summary>
    private IFlowContainer? ContainerOf(ScopeState scope) => scope.Kind switch
    {
        ScopeKind.Process => _process,
        ScopeKind.SubProcess or ScopeKind.EventSubProcess => _process.FindNode(scope.ElementId!) as SubProcess,
        _ => null,
    };

    /// <summary>The scope of the embedded sub-process the token holds, if it is still there.</summary>
    private ScopeState? FindSubProcessScope(TokenState token)
    {
        foreach (var scope in _state.Scopes)
        {
            if (scope.Kind == ScopeKind.SubProcess && scope.ParentTokenId == token.Id)
            {
                return scope;
            }
        }

        return null;
    }

    /// <summary>Opens the timer/message/signal start subscriptions of the event sub-processes of a scope's graph.</summary>
    private void OpenEventSubProcessSubscriptions(ScopeState scope, FlowGraph graph)
    {
        if (graph.EventSubProcesses.Count == 0)
        {
            return;
        }

        var view = new VariableView(_state, scope, null);
        foreach (var eventSubProcess in graph.EventSubProcesses)
        {
            foreach (var start in eventSubProcess.Graph.StartEvents)
            {
                if (start.Definition is not (TimerEventDefinition or MessageEventDefinition or SignalEventDefinition or ConditionalEventDefinition))
                {
                    continue;
                }

                try
                {
                    OpenSubscription(start.Definition, start, scope.Id, tokenId: null, view);
                }
                catch (Exception failure) when (failure is not OperationCanceledException)
                {
                    throw new InvalidOperationException(
                        $"The start event '{start.Id}' of event sub-process '{eventSubProcess.Id}' cannot be armed: {failure.Message}", failure);
                }
            }
        }
    }

    private void CompleteScopeIfEmpty(ScopeState scope)
    {
        foreach (var token in _state.Tokens)
        {
            if (token.ScopeId == scope.Id)
            {
                return;
            }
        }

        CompleteScope(scope);
    }

    /// <summary>The last token of a scope ended: close the scope and continue whatever held it.</summary>
    private void CompleteScope(ScopeState scope)
    {
        CloseScopeSubscriptions(scope);
        switch (scope.Kind)
        {
            case ScopeKind.Process:
                _state.Status = InstanceStatus.Completed;
                Journal(JournalEntryKind.InstanceCompleted, _process.Id, scopeId: scope.Id);
                break;
            case ScopeKind.SubProcess:
                // The scope stays until its holder completes: end listeners and output mappings see it as it ended.
                Enqueue(_state.FindToken(scope.ParentTokenId!)!, TokenPhase.Completing);
                break;
            case ScopeKind.EventSubProcess:
                _state.Scopes.Remove(scope);
                Enqueue(_state.FindToken(scope.ParentTokenId!)!, TokenPhase.Leaving);
                break;
        }
    }

    /// <summary>Cancels the event sub-process subscriptions a scope holds.</summary>
    private void CloseScopeSubscriptions(ScopeState scope)
    {
        for (var i = _state.Bookmarks.Count - 1; i >= 0; i--)
        {
            var bookmark = _state.Bookmarks[i];
            if (bookmark.TokenId is null && bookmark.ScopeId == scope.Id)
            {
                RemoveBookmark(bookmark, consumed: false);
            }
        }
    }

    /// <summary>Cancels a token with everything it holds: bookmarks, tasks, nested scopes.</summary>
    private void CancelToken(TokenState token)
    {
        RunDeleteListeners(token);
        CloseSubscriptions(token);
        CancelChildScopes(token);
        RemoveToken(token);
        JournalToken(JournalEntryKind.ElementCancelled, token, token.ElementId);
    }

    private void CancelChildScopes(TokenState token)
    {
        for (var i = _state.Scopes.Count - 1; i >= 0; i--)
        {
            if (i < _state.Scopes.Count && _state.Scopes[i].ParentTokenId == token.Id)
            {
                CancelScope(_state.Scopes[i]);
            }
        }
    }

    /// <summary>Cancels a scope's tokens and nested scopes and removes it.</summary>
    private void CancelScope(ScopeState scope)
    {
        CancelTokensOf(scope);
        for (var i = _state.Scopes.Count - 1; i >= 0; i--)
        {
            if (i < _state.Scopes.Count && _state.Scopes[i].ParentId == scope.Id && _state.Scopes[i].ParentTokenId is null)
            {
                CancelScope(_state.Scopes[i]); // inner multi-instance scopes hang under their body directly
            }
        }

        _state.Scopes.Remove(scope);
    }

    /// <summary>Cancels everything running in a scope but keeps the scope (interrupting events, terminate).</summary>
    private void CancelTokensOf(ScopeState scope, TokenState? except = null)
    {
        for (var i = _state.Tokens.Count - 1; i >= 0; i--)
        {
            if (i < _state.Tokens.Count && _state.Tokens[i].ScopeId == scope.Id && _state.Tokens[i] != except)
            {
                CancelToken(_state.Tokens[i]);
            }
        }

        CloseScopeSubscriptions(scope);
    }

    private void StartSubProcess(TokenState token, SubProcess subProcess)
    {
        var start = subProcess.Graph.NoneStartEvent
            ?? throw new InvalidOperationException($"The sub-process '{subProcess.Id}' has no none start event.");
        var scope = NewScope(ScopeKind.SubProcess, token.ScopeId, subProcess.Id, token.Id);
        if (token.Locals is { } locals)
        {
            // Input mappings of a sub-process are local variables of the sub-process scope. They move there, so
            // what runs inside changes the only copy and the output mappings see the final values.
            foreach (var (name, value) in locals)
            {
                scope.Variables[name] = value;
            }

            token.Locals = null;
        }

        token.Phase = TokenPhase.Waiting;
        OpenEventSubProcessSubscriptions(scope, subProcess.Graph);
        Enqueue(NewToken(scope.Id, start.Id, TokenPhase.Arriving), TokenPhase.Arriving);
    }

    /// <summary>Starts an event sub-process in <paramref name="scope"/>, holding it by a token on its node.</summary>
    private void StartEventSubProcess(ScopeState scope, StartEvent start, IReadOnlyDictionary<string, object?>? variables)
    {
        var eventSubProcess = (SubProcess)start.Container;
        var holder = NewToken(scope.Id, eventSubProcess.Id, TokenPhase.Waiting);
        JournalToken(JournalEntryKind.ElementEntered, holder, eventSubProcess.Id);
        var child = NewScope(ScopeKind.EventSubProcess, scope.Id, eventSubProcess.Id, holder.Id);
        if (variables is not null)
        {
            foreach (var (name, value) in variables)
            {
                child.Variables[name] = value;
            }
        }

        var startToken = NewToken(child.Id, start.Id, TokenPhase.Arriving);
        if (TryOpenEventSubProcessSubscriptions(child, eventSubProcess.Graph, startToken))
        {
            Enqueue(startToken, TokenPhase.Arriving);
        }
    }

    /// <summary>
    /// Opens the event sub-process subscriptions of a new process or event sub-process scope before its start
    /// token moves. A timer or message name that cannot be evaluated fails the start token like any script
    /// failure (retryable; the retry opens the subscriptions again) instead of escaping the engine.
    /// </summary>
    private bool TryOpenEventSubProcessSubscriptions(ScopeState scope, FlowGraph graph, TokenState startToken)
    {
        try
        {
            OpenEventSubProcessSubscriptions(scope, graph);
            return true;
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            CloseScopeSubscriptions(scope);
            Fail(startToken, NodeOf(startToken), failure.Message, failure.GetType().Name, TokenPhase.Arriving, failure.StackTrace, IsRetryable(failure));
            return false;
        }
    }

    /// <summary>A start token failed before it moved (see <see cref="TryOpenEventSubProcessSubscriptions"/>): open them again.</summary>
    private bool RetryOpeningSubscriptions(TokenState startToken)
    {
        var scope = ScopeOf(startToken);
        return ContainerOf(scope) is not { } container || TryOpenEventSubProcessSubscriptions(scope, container.Graph, startToken);
    }

    /// <summary>
    /// Terminate end event: everything in the scope ends and the scope completes. At process level the instance is
    /// completed, as in Camunda 7; the journal's InstanceTerminated entry names the end event that ended it.
    /// </summary>
    private void Terminate(TokenState token, EndEvent end)
    {
        // As in Camunda, the scope is interrupted first and then the terminate event itself ends, so its end
        // listeners run with the rest already cancelled. Its token stays until then: a failing listener fails it.
        var scope = ScopeOf(token);
        CancelTokensOf(scope, except: token);
        RunExecutionListeners(token, end, ListenerEnd);
        if (scope.Kind == ScopeKind.Process)
        {
            RunExecutionListeners(token, _process, ListenerEnd, scope);
        }

        RemoveToken(token);
        JournalToken(JournalEntryKind.ElementCompleted, token, end.Id);
        if (scope.Kind == ScopeKind.Process)
        {
            _state.Status = InstanceStatus.Completed;
            Journal(JournalEntryKind.InstanceTerminated, end.Id, $"Completed by terminate end event '{end.Id}'.", scopeId: scope.Id);
            return;
        }

        CompleteScope(scope);
    }

    /// <summary>Ends the instance early (uncaught error, cancellation): every token, task and timer is cancelled.</summary>
    private void EndInstance(InstanceStatus status, JournalEntryKind kind, string? elementId, string? detail)
    {
        CancelTokensOf(_state.RootScope);
        for (var i = _state.Bookmarks.Count - 1; i >= 0; i--)
        {
            RemoveBookmark(_state.Bookmarks[i], consumed: false);
        }

        _state.Scopes.RemoveRange(1, _state.Scopes.Count - 1);
        _state.Status = status;
        Journal(kind, elementId, detail, scopeId: _state.RootScope.Id);
    }
}
