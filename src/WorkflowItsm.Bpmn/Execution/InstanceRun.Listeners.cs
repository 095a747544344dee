using WorkflowItsm.Bpmn.Expressions;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.State;

namespace WorkflowItsm.Bpmn.Execution;

internal sealed partial class InstanceRun
{
    private const string ListenerStart = "start";
    private const string ListenerEnd = "end";
    private const string ListenerTake = "take";

    /// <summary>
    /// Runs the execution listeners of a flow node ("start", "end") or sequence flow ("take"): expressions, scripts,
    /// and the handlers class and delegate-expression listeners name.
    /// </summary>
    /// <param name="ownScope">The ending sub-process's own scope: its listeners see and set variables there.</param>
    private void RunExecutionListeners(TokenState token, BaseElement element, string eventName, ScopeState? ownScope = null)
    {
        var listeners = element.ExecutionListeners;
        if (listeners.Count == 0)
        {
            return;
        }

        foreach (var listener in listeners)
        {
            if (!string.Equals(listener.Event, eventName, StringComparison.Ordinal))
            {
                continue;
            }

            switch (listener.Kind)
            {
                case ListenerImplementationKind.Expression:
                    Expressions.Evaluate(new ExpressionText(listener.Implementation), ActivityView(token, ownScope));
                    break;
                case ListenerImplementationKind.Script:
                    SetListenerResults(token, element, ownScope,
                        Expressions.RunScript(listener.ScriptFormat, listener.Implementation, ActivityView(token, ownScope)).SetVariables);
                    break;
                default:
                    SetListenerResults(token, element, ownScope, CallListenerHandler(listener, element.Id, ActivityView(token, ownScope).Snapshot()));
                    break;
            }
        }
    }

    /// <summary>What a listener set: in the ending sub-process's own scope, as an activity's results, or in the token's scope.</summary>
    private void SetListenerResults(TokenState token, BaseElement element, ScopeState? ownScope, IReadOnlyDictionary<string, object?> variables)
    {
        if (ownScope is not null)
        {
            SetVariables(ownScope, variables);
        }
        else if (element is FlowNode node)
        {
            SetActivityResults(token, node, variables);
        }
        else
        {
            SetVariables(ScopeOf(token), variables);
        }
    }

    /// <summary>
    /// Calls the handler a class or delegate-expression listener names, with the variables it sees; its outputs are
    /// the variables it sets. A listener runs inside the step, as a Java listener does: a handler's work completes
    /// at once (or blocks the step until it does), so a listener's handler should not wait on slow I/O.
    /// </summary>
    private IReadOnlyDictionary<string, object?> CallListenerHandler(Listener listener, string elementId, IReadOnlyDictionary<string, object?> variables)
    {
        var name = listener.HandlerName ?? string.Empty;
        var handler = _services.Handlers(name) ?? throw new InvalidOperationException($"No handler is registered as '{name}' for the listener of '{elementId}'.");
        var pending = handler.ExecuteAsync(new ServiceTasks.ServiceTaskContext(_state.InstanceId, _state.BusinessKey, elementId, NoValues, variables), _cancellation);
        return (pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult()).Outputs;
    }

    /// <summary>
    /// Runs the expression and script task listeners of a user task for "create", "assignment" (after create,
    /// when the task has an assignee) and "complete". Scripts see the variables, not a task object.
    /// </summary>
    private void RunTaskListeners(TokenState token, UserTask userTask, string eventName)
    {
        if (userTask.TaskListeners.Count == 0)
        {
            return;
        }

        foreach (var listener in userTask.TaskListeners)
        {
            if (!string.Equals(listener.Event, eventName, StringComparison.Ordinal))
            {
                continue;
            }

            RunTaskListener(token, userTask, listener);
        }
    }

    private void RunTaskListener(TokenState token, UserTask userTask, Listener listener)
    {
        if (listener.Kind == ListenerImplementationKind.Expression)
        {
            Expressions.Evaluate(new ExpressionText(listener.Implementation), View(token));
        }
        else if (listener.Kind == ListenerImplementationKind.Script)
        {
            SetActivityResults(token, userTask, Expressions.RunScript(listener.ScriptFormat, listener.Implementation, View(token)).SetVariables);
        }
        else
        {
            SetActivityResults(token, userTask, CallListenerHandler(listener, userTask.Id, View(token).Snapshot()));
        }
    }

    /// <summary>Arms one timer per "timeout" task listener of a task just created; they close with the task.</summary>
    private void ArmTimeoutListeners(TokenState token, UserTask userTask, IVariableScope view)
    {
        for (var i = 0; i < userTask.TaskListeners.Count; i++)
        {
            if (userTask.TaskListeners[i] is { Event: "timeout", Timer: { } timer })
            {
                var bookmark = ArmTimer(timer, userTask, token.ScopeId, token.Id, view);
                bookmark.TaskListenerIndex = i;
                AddBookmark(bookmark);
            }
        }
    }

    /// <summary>
    /// A timeout listener's timer is due: the listener runs and the task goes on waiting (a cycle re-arms). A failing
    /// listener throws, so the host rolls the trigger back and its timer job retries, as Camunda's job would.
    /// </summary>
    private void FireTimeoutListener(Bookmark bookmark, UserTask userTask, int index)
    {
        var token = TokenOf(bookmark);
        KeepOrRearm(bookmark);
        RunTaskListener(token, userTask, userTask.TaskListeners[index]);
    }

    /// <summary>
    /// The "delete" task listeners of a task being cancelled. A failing one does not stop the cancellation (an
    /// interrupting event or an operator's cancel must go through); Camunda would roll the cancellation back instead.
    /// </summary>
    private void RunDeleteListeners(TokenState token)
    {
        if (_process.FindNode(token.ElementId) is not UserTask { TaskListeners.Count: > 0 } userTask
            || !userTask.TaskListeners.Any(l => l.Event == "delete")
            || !_state.Bookmarks.Exists(b => b.TokenId == token.Id && b.Kind == BookmarkKind.UserTask))
        {
            return;
        }

        try
        {
            RunTaskListeners(token, userTask, "delete");
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            JournalToken(JournalEntryKind.ElementFailed, token, userTask.Id, $"The delete task listener failed: {failure.Message}");
        }
    }

    /// <summary>True when the token holds the body of a multi-instance activity (not one inner instance).</summary>
    private bool IsMultiInstanceBody(TokenState token, Activity activity) =>
        activity.MultiInstance is not null && !IsInnerInstance(token, activity);
}
