using System.Collections;
using WorkflowItsm.Bpmn.Expressions;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.State;

namespace WorkflowItsm.Bpmn.Execution;

internal sealed partial class InstanceRun
{
    private const string NrOfInstances = "nrOfInstances";
    private const string NrOfActiveInstances = "nrOfActiveInstances";
    private const string NrOfCompletedInstances = "nrOfCompletedInstances";
    private const string LoopCounter = "loopCounter";

    /// <summary>
    /// Turns the activity into a body scope with the counters, then starts all inner instances (parallel) or the
    /// first one (sequential). Each inner instance is a scope of its own running the activity once.
    /// </summary>
    private void StartMultiInstance(TokenState token, Activity activity, MultiInstanceLoop loop)
    {
        var view = View(token);
        List<object?>? items = null;
        long count;
        if (loop.Collection is { } collection)
        {
            var value = collection.IsLiteral
                ? (view.TryGetVariable(collection.Raw.Trim(), out var variable) ? variable : null) // Camunda allows a bare variable name
                : Expressions.Evaluate(collection, view);
            items = ToItems(value) ?? throw new InvalidOperationException(
                $"The multi-instance collection '{collection.Raw}' of '{activity.Id}' is not a list.");
            count = items.Count;
        }
        else
        {
            count = ToLong(Expressions.Evaluate(loop.LoopCardinality!, view), "loop cardinality");
        }

        token.Phase = TokenPhase.Waiting;
        if (count <= 0)
        {
            CompleteActivity(token, activity);
            return;
        }

        var body = NewScope(ScopeKind.MultiInstanceBody, token.ScopeId, activity.Id, token.Id);
        body.LoopItems = items;
        body.Variables[NrOfInstances] = count;
        body.Variables[NrOfActiveInstances] = loop.IsSequential ? 1L : count;
        body.Variables[NrOfCompletedInstances] = 0L;
        var started = loop.IsSequential ? 1 : count;
        for (var index = 0; index < started; index++)
        {
            StartInnerInstance(body, activity, loop, index);
        }
    }

    private void StartInnerInstance(ScopeState body, Activity activity, MultiInstanceLoop loop, int index)
    {
        var inner = NewScope(ScopeKind.MultiInstanceInner, body.Id, activity.Id, parentTokenId: null);
        inner.Variables[LoopCounter] = (long)index;
        if (loop.ElementVariable is { } elementVariable)
        {
            inner.Variables[elementVariable] = body.LoopItems is { } items && index < items.Count ? items[index] : null;
        }

        Enqueue(NewToken(inner.Id, activity.Id, TokenPhase.Arriving), TokenPhase.Arriving);
    }

    /// <summary>
    /// An inner instance finished: count it, check the completion condition, then start the next or finish the
    /// body. A failing condition fails this inner instance with nothing counted, so a retry decides again while
    /// the other instances go on untouched.
    /// </summary>
    private void LeaveInnerInstance(TokenState token, Activity activity)
    {
        var inner = ScopeOf(token);
        var body = _state.FindScope(inner.ParentId!)!;
        var loop = activity.MultiInstance!;
        var active = (long)body.Variables[NrOfActiveInstances]!;
        var completed = (long)body.Variables[NrOfCompletedInstances]! + 1;
        body.Variables[NrOfCompletedInstances] = completed; // the condition sees this instance counted
        body.Variables[NrOfActiveInstances] = active - 1;

        var done = completed >= (long)body.Variables[NrOfInstances]!;
        if (!done && loop.CompletionCondition is { } condition)
        {
            try
            {
                done = Expressions.EvaluateCondition(condition, new VariableView(_state, inner, null));
            }
            catch (ScriptFailedException failure)
            {
                // Undo the count: the instance is not finished until its condition is decided (on retry).
                body.Variables[NrOfCompletedInstances] = completed - 1;
                body.Variables[NrOfActiveInstances] = active;
                Fail(token, activity, failure.Message, nameof(ScriptFailedException), TokenPhase.Leaving, isRetryable: IsRetryable(failure));
                return;
            }
        }

        JournalToken(JournalEntryKind.ElementCompleted, token, activity.Id);
        RemoveToken(token);
        _state.Scopes.Remove(inner);
        if (done)
        {
            CancelScope(body); // cancels inner instances still running when the condition ended the loop early
            Enqueue(_state.FindToken(body.ParentTokenId!)!, TokenPhase.Completing);
        }
        else if (loop.IsSequential)
        {
            body.Variables[NrOfActiveInstances] = 1L;
            StartInnerInstance(body, activity, loop, (int)completed);
        }
    }

    private static List<object?>? ToItems(object? value) => value switch
    {
        List<object?> list => list,
        string => null,
        IEnumerable enumerable => enumerable.Cast<object?>().ToList(),
        _ => null,
    };
}
