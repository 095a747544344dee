using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.State;

namespace WorkflowItsm.Bpmn.Execution;

internal sealed partial class InstanceRun
{
    /// <summary>
    /// Camunda's setVariable: overwrite the variable in the nearest scope that has it, else create it in the
    /// process scope.
    /// </summary>
    private void SetVariable(ScopeState scope, string name, object? value)
    {
        for (ScopeState? current = scope; current is not null; current = current.ParentId is null ? null : _state.FindScope(current.ParentId))
        {
            if (current.Variables.ContainsKey(name))
            {
                current.Variables[name] = value;
                JournalVariable(name, current, created: false);
                return;
            }
        }

        _state.RootScope.Variables[name] = value;
        JournalVariable(name, _state.RootScope, created: true);
    }

    private void SetVariables(ScopeState scope, IReadOnlyDictionary<string, object?>? variables)
    {
        if (variables is null)
        {
            return;
        }

        foreach (var (name, value) in variables)
        {
            SetVariable(scope, name, value);
        }
    }

    /// <summary>
    /// A value an activity produced (task completion, handler output, script variable): local when the activity
    /// has output mappings (they decide what leaves it) or already has a local of that name, else setVariable.
    /// </summary>
    private void SetActivityResult(TokenState token, FlowNode node, string name, object? value)
    {
        var hasOutputs = node is Activity { InputOutput.Outputs.Count: > 0 };
        if (hasOutputs || (token.Locals?.ContainsKey(name) ?? false))
        {
            (token.Locals ??= new Dictionary<string, object?>(StringComparer.Ordinal))[name] = value;
            return;
        }

        SetVariable(ScopeOf(token), name, value);
    }

    private void SetActivityResults(TokenState token, FlowNode node, IReadOnlyDictionary<string, object?>? values)
    {
        if (values is null)
        {
            return;
        }

        foreach (var (name, value) in values)
        {
            SetActivityResult(token, node, name, value);
        }
    }

    /// <summary>
    /// The variables as the activity sees them: its token's view, or for an ending sub-process its own scope,
    /// which holds the input locals as changed inside (states stored before the locals moved there may still
    /// have a stale copy on the token, so the token's locals are not consulted).
    /// </summary>
    private VariableView ActivityView(TokenState token, ScopeState? ownScope) =>
        ownScope is null ? View(token) : new VariableView(_state, ownScope, null);

    private void JournalVariable(string name, ScopeState writtenTo, bool created)
    {
        NoteVariableChange(name, writtenTo, created);
        if (_services.Options.JournalVariableChanges)
        {
            Journal(JournalEntryKind.VariableSet, null, name, scopeId: writtenTo.Id);
        }
    }

    /// <summary>Evaluates the input parameters (in the enclosing scope) into the token's locals.</summary>
    private void ApplyInputMappings(TokenState token, Activity activity)
    {
        if (activity.InputOutput is not { Inputs.Count: > 0 } mapping)
        {
            return;
        }

        var view = View(token);
        var locals = new Dictionary<string, object?>(mapping.Inputs.Count, StringComparer.Ordinal);
        foreach (var input in mapping.Inputs)
        {
            locals[input.Name] = Expressions.Evaluate(input.Value, view);
        }

        token.Locals = locals;
    }

    /// <summary>
    /// Evaluates the output parameters (seeing the activity's locals, or a sub-process's own scope as it ended)
    /// and sets them outside the activity.
    /// </summary>
    private void ApplyOutputMappings(TokenState token, Activity activity, ScopeState? ownScope)
    {
        if (activity.InputOutput is not { Outputs.Count: > 0 } mapping)
        {
            return;
        }

        var view = ActivityView(token, ownScope);
        var values = new KeyValuePair<string, object?>[mapping.Outputs.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var output = mapping.Outputs[i];
            values[i] = new(output.Name, Expressions.Evaluate(output.Value, view));
        }

        var scope = ScopeOf(token);
        foreach (var (name, value) in values)
        {
            SetVariable(scope, name, value);
        }
    }
}
