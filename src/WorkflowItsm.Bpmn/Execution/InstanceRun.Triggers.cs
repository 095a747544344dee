using WorkflowItsm.Bpmn.Expressions;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.State;

namespace WorkflowItsm.Bpmn.Execution;

internal sealed partial class InstanceRun
{
    public ValueTask<ExecutionResult> StartAsync(StartInstanceRequest request)
    {
        var start = (request.StartEventId is null
                ? _process.Graph.NoneStartEvent
                : _process.Graph.FindNode(request.StartEventId) as StartEvent)
            ?? throw new TriggerRejectedException(request.StartEventId is null
                ? $"The process '{_process.Id}' has no none start event; name the start event."
                : $"The process '{_process.Id}' has no top-level start event '{request.StartEventId}'.");

        CheckForm(start.FormFields, request.Variables);
        var root = NewScope(ScopeKind.Process, null, null, null);
        if (request.Variables is not null)
        {
            foreach (var (name, value) in request.Variables)
            {
                root.Variables[name] = value;
            }
        }

        // As in Camunda, the initiator variable exists even when nobody is signed in (then it is null), so an
        // expression naming it reads null instead of failing; a start variable of that name wins.
        if (start.Initiator is { } initiator && (request.Initiator is not null || !root.Variables.ContainsKey(initiator)))
        {
            root.Variables[initiator] = request.Initiator;
        }

        Journal(JournalEntryKind.InstanceStarted, start.Id, _state.InstanceId, scopeId: root.Id);
        var startToken = NewToken(root.Id, start.Id, TokenPhase.Arriving);
        if (TryOpenEventSubProcessSubscriptions(root, _process.Graph, startToken))
        {
            Enqueue(startToken, TokenPhase.Arriving); // async-before applies to start events too
        }

        return RunToWaitStatesAsync();
    }

    public ValueTask<ExecutionResult> TriggerAsync(Trigger trigger)
    {
        if (_state.Status != InstanceStatus.Running)
        {
            throw new TriggerRejectedException($"The instance '{_state.InstanceId}' is {_state.Status}, not running.");
        }

        switch (trigger)
        {
            case UserTaskCompleted completed:
                if (_process.FindNode(Find(completed.BookmarkId, BookmarkKind.UserTask).ElementId) is UserTask userTask)
                {
                    CheckForm(userTask.FormFields, completed.Variables);
                }

                var task = Take(completed.BookmarkId, BookmarkKind.UserTask);
                JournalBookmark(JournalEntryKind.TaskCompleted, task.Bookmark, task.Bookmark.Id);
                SetActivityResults(task.Token, NodeOf(task.Token), completed.Variables);
                Enqueue(task.Token, TokenPhase.Completing);
                break;
            case MessageReceived message:
                var messageBookmark = Find(message.BookmarkId, BookmarkKind.Message);
                JournalBookmark(JournalEntryKind.MessageReceived, messageBookmark, messageBookmark.MessageName);
                FireSubscription(messageBookmark, message.Variables);
                break;
            case WaitStateTriggered waitState:
                var waitBookmark = Find(waitState.BookmarkId, BookmarkKind.Wait);
                JournalBookmark(JournalEntryKind.WaitStateTriggered, waitBookmark, waitBookmark.ElementId);
                FireSubscription(waitBookmark, waitState.Variables);
                break;
            case SignalReceived signal:
                DeliverSignal(signal.SignalName, signal.Variables);
                break;
            case TimerFired timer:
                var timerBookmark = Find(timer.BookmarkId, BookmarkKind.Timer);
                JournalBookmark(JournalEntryKind.TimerFired, timerBookmark, timerBookmark.Id);
                FireSubscription(timerBookmark, null);
                break;
            case ExternalTaskCompleted external:
                var done = Take(external.BookmarkId, BookmarkKind.ExternalTask);
                var node = NodeOf(done.Token);
                SetActivityResults(done.Token, node, external.Variables);
                if (!ActOnErrorRule(done.Token, node, MatchErrorRule(done.Token, node, errorMessage: null), errorMessage: null))
                {
                    Enqueue(done.Token, node is Activity ? TokenPhase.Completing : TokenPhase.Leaving);
                }

                break;
            case ExternalTaskErrorThrown externalError:
                var errored = Take(externalError.BookmarkId, BookmarkKind.ExternalTask);
                SetActivityResults(errored.Token, NodeOf(errored.Token), externalError.Variables);
                ThrowError(errored.Token, NodeOf(errored.Token), externalError.ErrorCode, externalError.Message);
                break;
            case ExternalTaskFailed externalFailure:
                var failingToken = TokenOf(Find(externalFailure.BookmarkId, BookmarkKind.ExternalTask));
                var failingRule = MatchErrorRule(failingToken, NodeOf(failingToken), externalFailure.Message);
                if (failingRule is (null, null) && externalFailure.RetriesLeft > 0)
                {
                    break; // no rule holds and the task stays open: the runtime offers it again
                }

                var failed = Take(externalFailure.BookmarkId, BookmarkKind.ExternalTask);
                if (!ActOnErrorRule(failed.Token, NodeOf(failed.Token), failingRule, externalFailure.Message))
                {
                    Fail(failed.Token, NodeOf(failed.Token), externalFailure.Message, null, TokenPhase.Entering);
                }

                break;
            case AsyncContinuationDue continuation:
                var parked = Take(continuation.BookmarkId, BookmarkKind.AsyncContinuation);
                Enqueue(parked.Token, parked.Token.Phase == TokenPhase.AsyncBefore ? TokenPhase.Entering : TokenPhase.AsyncAfter);
                break;
            case CallActivityCompleted child:
                var call = Take(child.BookmarkId, BookmarkKind.CallActivity);
                var callActivity = (CallActivity)NodeOf(call.Token);
                try
                {
                    ApplyCallActivityOutputs(call.Token, callActivity, child.Variables ?? NoValues);
                    Enqueue(call.Token, TokenPhase.Completing);
                }
                catch (ScriptFailedException failure)
                {
                    // The child's result cannot be mapped; a retry calls the child again.
                    Fail(call.Token, callActivity, failure.Message, nameof(ScriptFailedException), TokenPhase.Entering, isRetryable: IsRetryable(failure));
                }

                break;
            case CallActivityFaulted childFault:
                var faulted = Take(childFault.BookmarkId, BookmarkKind.CallActivity);
                if (childFault.ErrorCode is { } errorCode)
                {
                    ThrowError(faulted.Token, NodeOf(faulted.Token), errorCode, childFault.Message);
                }
                else
                {
                    Fail(faulted.Token, NodeOf(faulted.Token), childFault.Message, null, TokenPhase.Entering);
                }

                break;
            case RetryRequested retry:
                var token = _state.FindToken(retry.TokenId);
                if (token is not { Phase: TokenPhase.Failed })
                {
                    throw new TriggerRejectedException($"The token '{retry.TokenId}' has not failed.");
                }

                token.FailureMessage = null;
                var retryPhase = token.RetryPhase ?? TokenPhase.Entering;
                token.RetryPhase = null;
                if (retryPhase == TokenPhase.Arriving && !RetryOpeningSubscriptions(token))
                {
                    break; // failed again
                }

                Enqueue(token, retryPhase);
                break;
            case VariablesSet variablesSet:
                SetProcessVariables(variablesSet.Variables);
                break;
            case CancelRequested cancel:
                EndInstance(InstanceStatus.Cancelled, JournalEntryKind.InstanceCancelled, null, cancel.Reason);
                break;
            default:
                throw new TriggerRejectedException($"Unknown trigger {trigger.GetType().Name}.");
        }

        return RunToWaitStatesAsync();
    }

    private void CheckForm(IReadOnlyList<FormField> fields, IReadOnlyDictionary<string, object?>? values)
    {
        if (_services.Options.EnforceFormFields && FormValidation.Validate(fields, values) is { Count: > 0 } errors)
        {
            throw new FormRejectedException(errors);
        }
    }

    private Bookmark Find(string bookmarkId, BookmarkKind kind)
    {
        var bookmark = _state.FindBookmark(bookmarkId)
            ?? throw new TriggerRejectedException($"The instance '{_state.InstanceId}' has no bookmark '{bookmarkId}'.");
        return bookmark.Kind == kind
            ? bookmark
            : throw new TriggerRejectedException($"The bookmark '{bookmarkId}' is a {bookmark.Kind} bookmark, not {kind}.");
    }

    /// <summary>An external task's error rules, tried in order: the first that holds, or the problem of one that cannot be evaluated.</summary>
    private (ExternalTaskErrorRule? Rule, string? Problem) MatchErrorRule(TokenState token, FlowNode node, string? errorMessage)
    {
        if (node is not ServiceTask { ErrorRules.Count: > 0 } task)
        {
            return default;
        }

        var topic = task.Implementation?.Kind == ImplementationKind.External ? task.Implementation.Value : null;
        var scope = new ExternalTaskErrorScope(View(token), new Expressions.Juel.JuelExternalTask(task.Id, topic, errorMessage, null));
        foreach (var rule in task.ErrorRules)
        {
            try
            {
                if (rule.Expression is not null && Expressions.EvaluateCondition(rule.Expression, scope))
                {
                    return (rule, null);
                }
            }
            catch (ScriptFailedException failure)
            {
                return (null, $"The error event definition '{rule.Id}' could not be evaluated: {failure.Message}");
            }
        }

        return default;
    }

    /// <summary>
    /// Throws the error of the rule that holds at the task, or fails the task for a rule that could not be evaluated
    /// (a variable the worker did not send): true when either happened.
    /// </summary>
    private bool ActOnErrorRule(TokenState token, FlowNode node, (ExternalTaskErrorRule? Rule, string? Problem) match, string? errorMessage)
    {
        if (match.Problem is { } problem)
        {
            Fail(token, node, problem, nameof(ScriptFailedException), TokenPhase.Entering);
            return true;
        }

        if (match.Rule is { } rule)
        {
            ThrowError(token, node, rule.Error.ErrorCode ?? rule.Error.Id, errorMessage ?? rule.Error.Name);
            return true;
        }

        return false;
    }

    /// <summary>Consumes a token's bookmark and returns both.</summary>
    private (Bookmark Bookmark, TokenState Token) Take(string bookmarkId, BookmarkKind kind)
    {
        var bookmark = Find(bookmarkId, kind);
        var token = TokenOf(bookmark);
        RemoveBookmark(bookmark, consumed: true);
        return (bookmark, token);
    }
}
