using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.State;

namespace WorkflowItsm.Bpmn.Execution;

internal sealed partial class InstanceRun
{
    private const string ListenerStart = "start";
    private const string ListenerEnd = "end";
    private const string ListenerTake = "take";

    /// <summary>
    /// Runs the expression and script execution listeners of a flow node ("start", "end") or sequence flow
    /// ("take"). Class and delegate-expression listeners are rejected by the validator, so they never get here.
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
                    var result = Expressions.RunScript(listener.ScriptFormat, listener.Implementation, ActivityView(token, ownScope));
                    if (ownScope is not null)
                    {
                        SetVariables(ownScope, result.SetVariables);
                    }
                    else if (element is FlowNode node)
                    {
                        SetActivityResults(token, node, result.SetVariables);
                    }
                    else
                    {
                        SetVariables(ScopeOf(token), result.SetVariables);
                    }

                    break;
                default:
                    throw new InvalidOperationException(
                        $"The {listener.Kind} execution listener of '{element.Id}' is not executed by this engine.");
            }
        }
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
                throw new InvalidOperationException($"The {listener.Kind} task listener of '{userTask.Id}' is not executed by this engine.");
            }
        }
    }

    /// <summary>True when the token holds the body of a multi-instance activity (not one inner instance).</summary>
    private bool IsMultiInstanceBody(TokenState token, Activity activity) =>
        activity.MultiInstance is not null && !IsInnerInstance(token, activity);
}
