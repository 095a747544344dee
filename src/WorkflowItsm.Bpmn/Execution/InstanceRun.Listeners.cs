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
    private void RunExecutionListeners(TokenState token, BaseElement element, string eventName)
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
                    Expressions.Evaluate(new ExpressionText(listener.Implementation), View(token));
                    break;
                case ListenerImplementationKind.Script:
                    var result = Expressions.Scripts.Run(listener.Implementation, View(token));
                    if (element is FlowNode node)
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
                SetActivityResults(token, userTask, Expressions.Scripts.Run(listener.Implementation, View(token)).SetVariables);
            }
            else
            {
                throw new InvalidOperationException($"The {listener.Kind} task listener of '{userTask.Id}' is not executed by this engine.");
            }
        }
    }

    /// <summary>A multi-instance activity runs its listeners per inner instance, not for the body.</summary>
    private bool RunsOwnListeners(TokenState token, Activity activity) =>
        activity.MultiInstance is null || IsInnerInstance(token, activity);
}
