namespace WorkflowItsm.Bpmn.Model;

public enum ImplementationKind
{
    /// <summary><c>camunda:class</c>: the value is taken as a handler name.</summary>
    Class,
    /// <summary><c>camunda:delegateExpression="${name}"</c>: the handler registered under <c>name</c>.</summary>
    DelegateExpression,
    /// <summary><c>camunda:expression</c>: evaluated; the value goes to the result variable.</summary>
    Expression,
    /// <summary><c>camunda:type="external"</c>: an external worker fetches the task by topic.</summary>
    External,
}

/// <summary>How a service-like element is implemented.</summary>
public sealed record ServiceImplementation(ImplementationKind Kind, string Value, string? ResultVariable)
{
    /// <summary>
    /// <c>camunda:field</c> injections of a class or delegate-expression handler: Camunda sets them on the Java
    /// delegate; here the handler finds them, evaluated, in <c>ServiceTaskContext.Fields</c>.
    /// </summary>
    public IReadOnlyList<InjectedField> Fields { get; init; } = [];

    /// <summary>
    /// The handler name for <see cref="ImplementationKind.Class"/> and <see cref="ImplementationKind.DelegateExpression"/>
    /// (the text inside <c>${...}</c>); null for the other kinds.
    /// </summary>
    public string? HandlerName { get; } = Kind switch
    {
        ImplementationKind.Class => Value.Trim(),
        ImplementationKind.DelegateExpression => Unwrap(Value),
        _ => null,
    };

    private static string Unwrap(string value)
    {
        var text = ExpressionText.Normalize(value.Trim());
        return text.StartsWith("${", StringComparison.Ordinal) && text.EndsWith('}') ? text[2..^1].Trim() : text;
    }
}

/// <summary>One <c>camunda:field</c>: a fixed string (stringValue, camunda:string) or an expression evaluated at each call.</summary>
public sealed record InjectedField(string Name, string Text, bool IsExpression);
