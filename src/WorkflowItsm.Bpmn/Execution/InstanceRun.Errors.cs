using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.State;

namespace WorkflowItsm.Bpmn.Execution;

internal sealed partial class InstanceRun
{
    /// <summary>Where a thrown error or escalation is caught: a boundary event of a token's activity, or an event sub-process start in a scope.</summary>
    private readonly record struct Catcher(TokenState? ActivityToken, BoundaryEvent? Boundary, ScopeState? Scope, StartEvent? Start);

    /// <summary>Throws a BPMN error: caught by the nearest matching catcher outward, else the instance faults.</summary>
    private void ThrowError(TokenState thrower, FlowNode node, string errorCode, string? message)
    {
        JournalToken(JournalEntryKind.ErrorThrown, thrower, node.Id, errorCode);
        if (FindCatcher(thrower, node, isError: true, errorCode) is not { } catcher)
        {
            _state.Fault = new InstanceFault(node.Id, errorCode, message);
            EndInstance(InstanceStatus.Faulted, JournalEntryKind.InstanceFaulted, node.Id, errorCode);
            return;
        }

        var variables = ErrorVariables(catcher, errorCode, message);
        if (catcher.Boundary is { } boundary)
        {
            var activityToken = catcher.ActivityToken!;
            CancelToken(activityToken);
            var token = NewToken(activityToken.ScopeId, boundary.Id, TokenPhase.Arriving);
            SetVariables(ScopeOf(token), variables);
            JournalToken(JournalEntryKind.ErrorCaught, token, boundary.Id, errorCode);
            Enqueue(token, TokenPhase.Arriving);
            return;
        }

        CancelTokensOf(catcher.Scope!);
        Journal(JournalEntryKind.ErrorCaught, catcher.Start!.Id, errorCode, scopeId: catcher.Scope!.Id);
        StartEventSubProcess(catcher.Scope!, catcher.Start, variables);
    }

    /// <summary>
    /// Throws an escalation. Uncaught escalations are ignored (BPMN's rule). Returns false when an interrupting
    /// catcher cancelled the thrower, true when the thrower goes on.
    /// </summary>
    private bool ThrowEscalation(TokenState thrower, FlowNode node, string? escalationCode)
    {
        JournalToken(JournalEntryKind.EscalationThrown, thrower, node.Id, escalationCode);
        if (FindCatcher(thrower, node, isError: false, escalationCode) is not { } catcher)
        {
            return true;
        }

        if (catcher.Boundary is { } boundary)
        {
            var activityToken = catcher.ActivityToken!;
            if (boundary.CancelActivity)
            {
                CancelToken(activityToken);
            }

            var token = NewToken(activityToken.ScopeId, boundary.Id, TokenPhase.Arriving);
            SetVariables(ScopeOf(token), EscalationVariables(boundary.Definition, escalationCode));
            JournalToken(JournalEntryKind.EscalationCaught, token, boundary.Id, escalationCode);
            Enqueue(token, TokenPhase.Arriving);
        }
        else
        {
            if (catcher.Start!.IsInterrupting)
            {
                CancelTokensOf(catcher.Scope!);
            }

            Journal(JournalEntryKind.EscalationCaught, catcher.Start.Id, escalationCode, scopeId: catcher.Scope!.Id);
            StartEventSubProcess(catcher.Scope!, catcher.Start, EscalationVariables(catcher.Start.Definition, escalationCode));
        }

        return !thrower.IsRemoved;
    }

    /// <summary>
    /// Walks outward from the thrower: the thrower's own boundary events (when an activity threw), the event
    /// sub-processes of its scope, then the activity holding that scope, and so on up to the process.
    /// At each level a catcher naming the code wins over a catch-all.
    /// </summary>
    private Catcher? FindCatcher(TokenState thrower, FlowNode node, bool isError, string? code)
    {
        var holder = node is Activity activity && !IsInnerInstance(thrower, activity) ? thrower : null;
        var scope = ScopeOf(thrower);
        while (true)
        {
            // An inner instance of a multi-instance sub-process holds the scope an error walks out of, but the
            // boundary events belong to the whole activity: they are found at the body's holder, further out.
            if (holder is not null && NodeOf(holder) is Activity holderActivity && !IsInnerInstance(holder, holderActivity)
                && Best(holderActivity.BoundaryEvents, isError, code) is { } boundary)
            {
                return new Catcher(holder, boundary, null, null);
            }

            if (ContainerOf(scope) is { } container && BestStart(container.Graph.EventSubProcesses, isError, code) is { } start)
            {
                return new Catcher(null, null, scope, start);
            }

            if (scope.ParentTokenId is { } parentTokenId)
            {
                holder = _state.FindToken(parentTokenId)!;
                scope = ScopeOf(holder);
            }
            else if (scope.ParentId is { } parentId)
            {
                holder = null;
                scope = _state.FindScope(parentId)!;
            }
            else
            {
                return null;
            }
        }
    }

    private static BoundaryEvent? Best(IReadOnlyList<BoundaryEvent> boundaries, bool isError, string? code)
    {
        BoundaryEvent? catchAll = null;
        foreach (var boundary in boundaries)
        {
            switch (Match(boundary.Definition, isError, code))
            {
                case CatchMatch.Exact:
                    return boundary;
                case CatchMatch.CatchAll:
                    catchAll ??= boundary;
                    break;
            }
        }

        return catchAll;
    }

    private static StartEvent? BestStart(IReadOnlyList<SubProcess> eventSubProcesses, bool isError, string? code)
    {
        StartEvent? catchAll = null;
        foreach (var eventSubProcess in eventSubProcesses)
        {
            foreach (var start in eventSubProcess.Graph.StartEvents)
            {
                switch (Match(start.Definition, isError, code))
                {
                    case CatchMatch.Exact:
                        return start;
                    case CatchMatch.CatchAll:
                        catchAll ??= start;
                        break;
                }
            }
        }

        return catchAll;
    }

    private enum CatchMatch
    {
        None,
        Exact,
        CatchAll,
    }

    private static CatchMatch Match(EventDefinition? definition, bool isError, string? code)
    {
        var catcherCode = (isError, definition) switch
        {
            (true, ErrorEventDefinition error) => (Found: true, Code: error.ErrorCode),
            (false, EscalationEventDefinition escalation) => (Found: true, Code: escalation.EscalationCode),
            _ => (Found: false, Code: null),
        };
        if (!catcherCode.Found)
        {
            return CatchMatch.None;
        }

        if (catcherCode.Code is null)
        {
            return CatchMatch.CatchAll;
        }

        return string.Equals(catcherCode.Code, code, StringComparison.Ordinal) ? CatchMatch.Exact : CatchMatch.None;
    }

    private static Dictionary<string, object?>? ErrorVariables(Catcher catcher, string errorCode, string? message)
    {
        var definition = (catcher.Boundary?.Definition ?? catcher.Start?.Definition) as ErrorEventDefinition;
        if (definition is not { ErrorCodeVariable: not null } and not { ErrorMessageVariable: not null })
        {
            return null;
        }

        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (definition.ErrorCodeVariable is { } codeVariable)
        {
            variables[codeVariable] = errorCode;
        }

        if (definition.ErrorMessageVariable is { } messageVariable)
        {
            variables[messageVariable] = message;
        }

        return variables;
    }

    private static Dictionary<string, object?>? EscalationVariables(EventDefinition? definition, string? code) =>
        definition is EscalationEventDefinition { EscalationCodeVariable: { } variable }
            ? new Dictionary<string, object?>(StringComparer.Ordinal) { [variable] = code }
            : null;
}
