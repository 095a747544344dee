namespace WorkflowItsm.Bpmn.Model;

/// <summary>
/// <c>camunda:inputOutput</c>: inputs become local variables of the activity when it is entered; outputs are
/// evaluated when it completes (seeing those locals) and set in the enclosing scope.
/// </summary>
public sealed record InputOutputMapping(IReadOnlyList<IoParameter> Inputs, IReadOnlyList<IoParameter> Outputs);

public sealed record IoParameter(string Name, IoValue Value);

/// <summary>The value of an input/output parameter.</summary>
public abstract record IoValue;

/// <summary>An empty parameter: the value is null.</summary>
public sealed record IoNullValue : IoValue
{
    public static IoNullValue Instance { get; } = new();
}

/// <summary>Text or an expression (<c>${...}</c>).</summary>
public sealed record IoTextValue(ExpressionText Text) : IoValue;

/// <summary><c>camunda:list</c>.</summary>
public sealed record IoListValue(IReadOnlyList<IoValue> Items) : IoValue;

/// <summary><c>camunda:map</c> with <c>camunda:entry key="..."</c> children.</summary>
public sealed record IoMapValue(IReadOnlyList<KeyValuePair<string, IoValue>> Entries) : IoValue;

/// <summary><c>camunda:script</c>: the script's last value.</summary>
public sealed record IoScriptValue(string? ScriptFormat, string Source, string? Resource) : IoValue;
