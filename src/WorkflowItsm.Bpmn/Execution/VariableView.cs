using WorkflowItsm.Bpmn.Expressions;
using WorkflowItsm.Bpmn.State;

namespace WorkflowItsm.Bpmn.Execution;

/// <summary>
/// The variables visible from a point of execution: the token's locals, then its scope, then each parent scope.
/// Short-lived: made for one evaluation.
/// </summary>
internal sealed class VariableView(InstanceState state, ScopeState scope, Dictionary<string, object?>? locals) : IVariableScope
{
    public bool TryGetVariable(string name, out object? value)
    {
        if (locals is not null && locals.TryGetValue(name, out value))
        {
            return true;
        }

        for (var current = scope; current is not null; current = current.ParentId is null ? null : state.FindScope(current.ParentId))
        {
            if (current.Variables.TryGetValue(name, out value))
            {
                return true;
            }
        }

        value = null;
        return false;
    }

    public IEnumerable<string> VariableNames
    {
        get
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            if (locals is not null)
            {
                foreach (var name in locals.Keys)
                {
                    if (seen.Add(name))
                    {
                        yield return name;
                    }
                }
            }

            for (var current = scope; current is not null; current = current.ParentId is null ? null : state.FindScope(current.ParentId))
            {
                foreach (var name in current.Variables.Keys)
                {
                    if (seen.Add(name))
                    {
                        yield return name;
                    }
                }
            }
        }
    }

    /// <summary>A copy of every visible variable, innermost winning (what handlers get).</summary>
    public Dictionary<string, object?> Snapshot()
    {
        var snapshot = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var name in VariableNames)
        {
            TryGetVariable(name, out var value);
            snapshot[name] = value;
        }

        return snapshot;
    }
}

/// <summary>A flat dictionary as a variable scope (a child instance's output variables, trigger payloads).</summary>
internal sealed class FlatVariableScope(IReadOnlyDictionary<string, object?> variables) : IVariableScope
{
    public bool TryGetVariable(string name, out object? value) => variables.TryGetValue(name, out value);

    public IEnumerable<string> VariableNames => variables.Keys;
}

/// <summary>A view with one more name that no variable hides: <c>externalTask</c> for an external task's error rules.</summary>
internal sealed class ExternalTaskErrorScope(IVariableScope variables, Expressions.Juel.JuelExternalTask externalTask) : IVariableScope
{
    public bool TryGetVariable(string name, out object? value)
    {
        if (variables.TryGetVariable(name, out value))
        {
            return true;
        }

        value = externalTask;
        return name == Expressions.Juel.JuelExternalTask.Name;
    }

    public IEnumerable<string> VariableNames => variables.VariableNames;
}
