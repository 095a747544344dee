namespace WorkflowItsm.Bpmn.Model;

/// <summary><c>camunda:calledElementBinding</c>: which version of the called process starts.</summary>
public enum CalledElementBinding
{
    Latest,
    Version,
    Deployment,
    VersionTag,
}

/// <summary>
/// A <c>camunda:in</c> or <c>camunda:out</c> mapping: all variables, one variable (source or source expression
/// to target), or the business key.
/// </summary>
public sealed record CallVariableMapping(
    string? Source,
    ExpressionText? SourceExpression,
    string? Target,
    bool AllVariables,
    ExpressionText? BusinessKey,
    bool Local);

/// <summary>Starts another process as a child; the host starts it and reports its end back.</summary>
public sealed class CallActivity : Activity
{
    public ExpressionText? CalledElement { get; init; }
    public CalledElementBinding Binding { get; init; } = CalledElementBinding.Latest;
    /// <summary><c>camunda:calledElementVersion</c> for the version binding; may be an expression.</summary>
    public ExpressionText? CalledElementVersion { get; init; }

    /// <summary><c>camunda:calledElementVersionTag</c> for the versionTag binding; may be an expression.</summary>
    public ExpressionText? CalledElementVersionTag { get; init; }
    public IReadOnlyList<CallVariableMapping> InMappings { get; init; } = [];
    public IReadOnlyList<CallVariableMapping> OutMappings { get; init; } = [];
    public override string ElementName => "callActivity";
}
