using WorkflowItsm.Bpmn.Expressions;

namespace WorkflowItsm.Bpmn.Tests.Expressions;

/// <summary>A single flat scope of variables, enough to feed the script engine in tests.</summary>
internal sealed class DictionaryVariableScope(Dictionary<string, object?> variables) : IVariableScope
{
    public DictionaryVariableScope() : this([]) { }

    public List<string> LookedUp { get; } = [];

    public bool TryGetVariable(string name, out object? value)
    {
        LookedUp.Add(name);
        return variables.TryGetValue(name, out value);
    }

    public IEnumerable<string> VariableNames => variables.Keys;
}
