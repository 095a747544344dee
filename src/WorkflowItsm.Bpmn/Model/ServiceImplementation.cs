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
    /// The handler Camunda 7's email task (<c>camunda:type="mail"</c>) calls, with its <c>camunda:field</c>s to, from,
    /// cc, bcc, subject, text and html; the host registers one under this name (the product sends through its SMTP server).
    /// </summary>
    public const string MailHandler = "mail.send";

    /// <summary>
    /// <c>camunda:field</c> injections of a class or delegate-expression handler: Camunda sets them on the Java
    /// delegate; here the handler finds them, evaluated, in <c>ServiceTaskContext.Fields</c>.
    /// </summary>
    public IReadOnlyList<InjectedField> Fields { get; init; } = [];

    /// <summary>
    /// The handler name for <see cref="ImplementationKind.Class"/> and <see cref="ImplementationKind.DelegateExpression"/>
    /// (the text inside <c>${...}</c>); null for the other kinds.
    /// </summary>
    public string? HandlerName { get; } = HandlerNameOf(Kind, Value);

    /// <summary>The handler a class (its name) or delegate expression (the text inside <c>${...}</c>) calls; null for the other kinds.</summary>
    public static string? HandlerNameOf(ImplementationKind kind, string value) => kind switch
    {
        ImplementationKind.Class => value.Trim(),
        ImplementationKind.DelegateExpression => Unwrap(value),
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
