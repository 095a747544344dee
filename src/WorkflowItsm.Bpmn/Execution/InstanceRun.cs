using System.Globalization;
using WorkflowItsm.Bpmn.Expressions;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.ServiceTasks;
using WorkflowItsm.Bpmn.State;

namespace WorkflowItsm.Bpmn.Execution;

/// <summary>
/// One run of one instance: applies a start or a trigger, then executes queued tokens until every token waits
/// (run-to-wait-state). Split by concern over several files; this one holds the loop and token movement.
/// Single-threaded and short-lived: made per trigger.
/// </summary>
internal sealed partial class InstanceRun
{
    private readonly EngineServices _services;
    private readonly ProcessDefinition _process;
    private readonly InstanceState _state;
    private readonly ResultCollector _result = new();
    private readonly Queue<TokenState> _agenda = new();
    private readonly CancellationToken _cancellation;
    private readonly DateTimeOffset _now;
    private int _steps;

    public InstanceRun(EngineServices services, ProcessDefinition process, InstanceState state, CancellationToken cancellation)
    {
        _services = services;
        _process = process;
        _state = state;
        _cancellation = cancellation;
        _now = services.Time.GetUtcNow(); // one clock reading per run keeps a run deterministic
    }

    private ExpressionEvaluator Expressions => _services.ExpressionsFor(_process.Definitions?.ExpressionLanguage ?? ExpressionLanguage.JavaScript);

    private async ValueTask<ExecutionResult> RunToWaitStatesAsync()
    {
        EvaluateConditions(); // the trigger itself may have set variables
        do
        {
            while (_agenda.TryDequeue(out var token))
            {
                if (token.IsRemoved || _state.Status != InstanceStatus.Running)
                {
                    continue;
                }

                await StepAsync(token);
                EvaluateConditions();
            }
        }
        while (_state.Status == InstanceStatus.Running && RecheckInclusiveJoins());

        return _result.ToResult(_state);
    }

    private async ValueTask StepAsync(TokenState token)
    {
        var node = NodeOf(token);
        var phase = token.Phase;
        try
        {
            if (++_steps > _services.Options.MaxStepsPerTrigger)
            {
                throw new InvalidOperationException(
                    $"More than {_services.Options.MaxStepsPerTrigger} steps in one trigger: the model loops without waiting.");
            }

            switch (phase)
            {
                case TokenPhase.Arriving when WaitsBefore(token, node):
                    ParkForContinuation(token, TokenPhase.AsyncBefore);
                    break;
                case TokenPhase.Arriving:
                case TokenPhase.Entering:
                    await EnterAsync(token, node);
                    break;
                case TokenPhase.AtJoin: // re-queued by RecheckInclusiveJoins: it entered the gateway already
                    EnterGateway(token, (Gateway)node);
                    break;
                case TokenPhase.Completing:
                    CompleteActivity(token, (Activity)node);
                    break;
                case TokenPhase.Leaving:
                    Leave(token, node);
                    break;
                case TokenPhase.AsyncAfter when node is Gateway gateway: // its continuation is due
                    ContinueAfterGateway(token, gateway);
                    break;
                case TokenPhase.AsyncAfter:
                    Leave(token, node, asyncAfterDone: true);
                    break;
            }
        }
        catch (BpmnErrorException error) when (!token.IsRemoved)
        {
            ThrowError(token, node, error.ErrorCode, error.Message);
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception failure) when (!token.IsRemoved)
        {
            Fail(token, node, failure.Message, failure.GetType().Name,
                phase is TokenPhase.Completing or TokenPhase.Leaving or TokenPhase.AsyncAfter ? phase : TokenPhase.Entering, failure.StackTrace,
                IsRetryable(failure));
        }
    }

    private async ValueTask EnterAsync(TokenState token, FlowNode node)
    {
        JournalToken(JournalEntryKind.ElementEntered, token, node.Id);
        if (node is StartEvent && node.Container == _process && token.ScopeId == _state.RootScope.Id)
        {
            RunExecutionListeners(token, _process, ListenerStart, _state.RootScope); // the process starts with its start event
        }

        if (node is not Activity)
        {
            RunExecutionListeners(token, node, ListenerStart); // activities run theirs after their input mappings
        }

        switch (node)
        {
            case StartEvent or BoundaryEvent:
                Leave(token, node);
                break;
            case EndEvent end:
                await EnterEndEventAsync(token, end);
                break;
            case IntermediateThrowEvent throwEvent:
                await EnterThrowEventAsync(token, throwEvent);
                break;
            case IntermediateCatchEvent catchEvent:
                EnterCatchEvent(token, catchEvent);
                break;
            case Gateway gateway:
                EnterGateway(token, gateway);
                break;
            case Activity activity:
                await EnterActivityAsync(token, activity);
                break;
            default:
                throw new InvalidOperationException($"The element {node.ElementName} '{node.Id}' is not executable.");
        }
    }

    /// <summary>The node is done: journal it and follow its outgoing flows (an inner multi-instance ends instead).</summary>
    private void Leave(TokenState token, FlowNode node, bool asyncAfterDone = false)
    {
        if (!asyncAfterDone && node.AsyncAfter && node is not Activity)
        {
            ParkForContinuation(token, TokenPhase.AsyncAfter); // activities park in CompleteActivity, after their output mappings
            return;
        }

        if (node is not Activity)
        {
            RunExecutionListeners(token, node, ListenerEnd); // activities run theirs before their output mappings
        }

        if (node is EndEvent { Definition: CancelEventDefinition })
        {
            LeaveThroughCancelBoundary(token);
            return;
        }

        if (node is Activity activity && IsInnerInstance(token, activity))
        {
            LeaveInnerInstance(token, activity); // journals the completion once the completion condition is decided
            return;
        }

        JournalToken(JournalEntryKind.ElementCompleted, token, node.Id);
        token.Locals = null;

        var outgoing = node.Outgoing;
        if (outgoing.Count == 0)
        {
            EndToken(token);
        }
        else if (outgoing.Count == 1 && outgoing[0].Condition is null)
        {
            Move(token, outgoing[0]);
        }
        else
        {
            // Conditional flows out of a non-gateway behave like an inclusive split with the default flow.
            var defaultFlow = (node as Activity)?.DefaultFlow;
            var selected = SelectAllFlows(token, outgoing, defaultFlow);
            if (selected.Count == 0)
            {
                throw new InvalidOperationException($"No outgoing flow of '{node.Id}' can be taken: every condition is false.");
            }

            Fork(token, selected);
        }
    }

    private void Move(TokenState token, SequenceFlow flow)
    {
        RunExecutionListeners(token, flow, ListenerTake);
        token.ElementId = flow.Target.Id;
        token.ArrivedVia = flow.Id;
        token.Locals = null;
        Enqueue(token, TokenPhase.Arriving);
    }

    /// <summary>Moves the token along the first flow and a new token along each further one.</summary>
    private void Fork(TokenState token, IReadOnlyList<SequenceFlow> flows)
    {
        Move(token, flows[0]);
        for (var i = 1; i < flows.Count; i++)
        {
            Move(NewToken(token.ScopeId, token.ElementId, TokenPhase.Arriving), flows[i]);
        }
    }

    private void Enqueue(TokenState token, TokenPhase phase)
    {
        token.Phase = phase;
        _agenda.Enqueue(token);
    }

    private TokenState NewToken(string scopeId, string elementId, TokenPhase phase)
    {
        var token = new TokenState { Id = NextLocalId("t"), ScopeId = scopeId, ElementId = elementId, Phase = phase };
        _state.Tokens.Add(token);
        return token;
    }

    /// <summary>The token is finished: remove it and complete its scope when it was the last one.</summary>
    private void EndToken(TokenState token)
    {
        if (token.CompensationOf is null && IsLastTokenOfProcess(token))
        {
            RunExecutionListeners(token, _process, ListenerEnd, _state.RootScope); // before the token goes, so a failure fails it
        }

        RemoveToken(token);
        if (token.CompensationOf is { } throwerId)
        {
            CompensationHandlerDone(throwerId); // the waiting thrower keeps the scope open
            return;
        }

        if (_state.FindScope(token.ScopeId) is { } scope)
        {
            CompleteScopeIfEmpty(scope);
        }
    }

    private bool IsLastTokenOfProcess(TokenState token)
    {
        if (_process.ExecutionListeners.Count == 0 || token.ScopeId != _state.RootScope.Id)
        {
            return false;
        }

        foreach (var other in _state.Tokens)
        {
            if (other != token && other.ScopeId == token.ScopeId)
            {
                return false;
            }
        }

        return true;
    }

    private void RemoveToken(TokenState token)
    {
        _state.Tokens.Remove(token);
        token.IsRemoved = true;
    }

    private string NextLocalId(string prefix) =>
        prefix + (++_state.LastLocalId).ToString(CultureInfo.InvariantCulture);

    private FlowNode NodeOf(TokenState token) =>
        _process.FindNode(token.ElementId)
        ?? throw new InvalidOperationException($"The instance has a token on '{token.ElementId}', which the definition does not have.");

    private ScopeState ScopeOf(TokenState token) =>
        _state.FindScope(token.ScopeId) ?? throw new InvalidOperationException($"The scope '{token.ScopeId}' is missing.");

    private VariableView View(TokenState token) => new(_state, ScopeOf(token), token.Locals);

    /// <summary>
    /// Whether the arriving token waits for a continuation first: before the activity (its asyncBefore), or, for one
    /// instance of a multi-instance activity, before that instance (the loop characteristics' asyncBefore).
    /// </summary>
    private bool WaitsBefore(TokenState token, FlowNode node) =>
        node is Activity { MultiInstance: { } loop } activity && IsInnerInstance(token, activity) ? loop.AsyncBefore : node.AsyncBefore;

    /// <summary>True when the token runs one inner instance of a multi-instance activity (not its body).</summary>
    private bool IsInnerInstance(TokenState token, Activity activity) =>
        activity.MultiInstance is not null && _state.FindScope(token.ScopeId) is { Kind: ScopeKind.MultiInstanceInner } scope
        && scope.ElementId == activity.Id;

    private void Journal(JournalEntryKind kind, string? elementId, string? detail = null, string? tokenId = null, string? scopeId = null) =>
        _result.Journal.Add(new JournalEntry(kind, elementId, _now, detail) { TokenId = tokenId, ScopeId = scopeId });

    /// <summary>Journals something that happened to a token, naming the token and its scope.</summary>
    private void JournalToken(JournalEntryKind kind, TokenState token, string? elementId, string? detail = null) =>
        Journal(kind, elementId, detail, token.Id, token.ScopeId);

    /// <summary>Journals something that happened to a subscription, naming its token (if any) and scope.</summary>
    private void JournalBookmark(JournalEntryKind kind, Bookmark bookmark, string? detail) =>
        Journal(kind, bookmark.ElementId, detail, bookmark.TokenId, bookmark.ScopeId);

    /// <summary>A script stopped by a sandbox limit would hit it again on the same variables: not worth an automatic retry.</summary>
    private static bool IsRetryable(Exception failure) =>
        failure is not ScriptFailedException { IsSandboxLimit: true } && failure.InnerException is not ScriptFailedException { IsSandboxLimit: true };

    /// <summary>A script, handler or expression failed: park the token as failed so the runtime can retry it.</summary>
    private void Fail(TokenState token, FlowNode node, string message, string? exceptionType, TokenPhase retryPhase, string? stackTrace = null,
        bool isRetryable = true)
    {
        if (retryPhase == TokenPhase.Entering)
        {
            // A retry enters the node from scratch: drop what the failed entry opened.
            CloseSubscriptions(token);
            CancelChildScopes(token);
            token.Locals = null;
        }

        token.Phase = TokenPhase.Failed;
        token.RetryPhase = retryPhase;
        token.FailureMessage = message;
        _result.Failures.Add(new ElementFailure(node.Id, token.Id, message, exceptionType, (node as Activity)?.FailedJobRetryTimeCycle, stackTrace)
        {
            IsRetryable = isRetryable,
        });
        JournalToken(JournalEntryKind.ElementFailed, token, node.Id, message);
    }
}
