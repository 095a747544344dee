using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.State;

namespace WorkflowItsm.Bpmn.Execution;

/// <summary>
/// Conditional events, as Camunda 7 runs them: a conditional subscription is evaluated once when it opens (an
/// intermediate catch whose condition already holds passes through; a boundary or event sub-process start fires
/// when its activity or scope begins with the condition true) and again after every step that set a variable it
/// can see, filtered by <c>camunda:variableName</c> and <c>camunda:variableEvents</c>.
/// </summary>
internal sealed partial class InstanceRun
{
    private const string VariableCreated = "create";
    private const string VariableUpdated = "update";

    /// <summary>Variables set since the conditions were last evaluated: name, scope written to, create or update.</summary>
    private readonly List<(string Name, string ScopeId, string Event)> _variableChanges = [];

    /// <summary>Conditional subscriptions opened since the conditions were last evaluated.</summary>
    private readonly List<Bookmark> _freshConditionals = [];

    private void NoteVariableChange(string name, ScopeState scope, bool created) =>
        _variableChanges.Add((name, scope.Id, created ? VariableCreated : VariableUpdated));

    /// <summary>Camunda's runtimeService.setVariables on the instance: written to the process scope itself.</summary>
    private void SetProcessVariables(IReadOnlyDictionary<string, object?> variables)
    {
        var root = _state.RootScope;
        foreach (var (name, value) in variables)
        {
            var created = !root.Variables.ContainsKey(name);
            root.Variables[name] = value;
            JournalVariable(name, root, created);
        }
    }

    /// <summary>Runs between steps: fires every conditional subscription that is new or saw a variable change and whose condition holds.</summary>
    private void EvaluateConditions()
    {
        if (_freshConditionals.Count == 0 && _variableChanges.Count == 0)
        {
            return;
        }

        var fresh = _freshConditionals.ToArray();
        var changes = _variableChanges.ToArray();
        _freshConditionals.Clear();
        _variableChanges.Clear();
        if (_state.Status != InstanceStatus.Running)
        {
            return;
        }

        foreach (var bookmark in _state.Bookmarks.FindAll(b => b.Kind == BookmarkKind.Conditional))
        {
            // An earlier subscription that fired may have cancelled this one (an interrupting boundary around it).
            if (!_state.Bookmarks.Contains(bookmark)
                || _process.FindNode(bookmark.ElementId) is not EventNode { Definition: ConditionalEventDefinition conditional })
            {
                continue;
            }

            string? cause = null;
            if (Array.IndexOf(fresh, bookmark) < 0)
            {
                if (FirstMatchingChange(bookmark, conditional, changes) is not { } change)
                {
                    continue;
                }

                cause = change;
            }

            if (IsConditionTrue(bookmark, conditional))
            {
                JournalBookmark(JournalEntryKind.ConditionMet, bookmark, cause);
                FireSubscription(bookmark, null);
            }
        }
    }

    /// <summary>The name of the first change the subscription reacts to: one it can see, of its variable and kind of change.</summary>
    private string? FirstMatchingChange(Bookmark bookmark, ConditionalEventDefinition conditional, (string Name, string ScopeId, string Event)[] changes)
    {
        foreach (var (name, scopeId, kind) in changes)
        {
            if ((conditional.VariableName is null || conditional.VariableName == name)
                && (conditional.VariableEvents.Count == 0 || conditional.VariableEvents.Contains(kind, StringComparer.Ordinal))
                && IsSameOrOuterScope(scopeId, bookmark.ScopeId))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>True when a variable written in <paramref name="writtenTo"/> is visible from <paramref name="scopeId"/>.</summary>
    private bool IsSameOrOuterScope(string writtenTo, string scopeId)
    {
        for (var scope = _state.FindScope(scopeId); scope is not null; scope = scope.ParentId is null ? null : _state.FindScope(scope.ParentId))
        {
            if (scope.Id == writtenTo)
            {
                return true;
            }
        }

        return false;
    }

    private bool IsConditionTrue(Bookmark bookmark, ConditionalEventDefinition conditional)
    {
        if (conditional.Condition is null || _state.FindScope(bookmark.ScopeId) is not { } scope)
        {
            return false;
        }

        // A boundary condition sees its activity's local variables (input mappings), as in Camunda.
        var locals = bookmark.TokenId is null ? null : _state.FindToken(bookmark.TokenId)?.Locals;
        return Expressions.ConditionMet(conditional.Condition, new VariableView(_state, scope, locals), conditional.ConditionLanguage);
    }
}
