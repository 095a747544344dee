namespace WorkflowItsm.Bpmn.Model;

/// <summary>Which deployed version of a decision a business rule task evaluates (<c>camunda:decisionRefBinding</c>).</summary>
public enum DecisionRefBinding
{
    /// <summary>The latest deployed version (Camunda's default).</summary>
    Latest,
    /// <summary>The version deployed with the process; resolved as the latest, since .dmn and .bpmn deploy one by one here.</summary>
    Deployment,
    /// <summary><c>camunda:decisionRefVersion</c>.</summary>
    Version,
    /// <summary><c>camunda:decisionRefVersionTag</c>.</summary>
    VersionTag,
}

/// <summary>How the decision's result becomes the result variable (<c>camunda:mapDecisionResult</c>).</summary>
public enum DecisionResultMapping
{
    /// <summary>A list of maps, one per matching rule (Camunda's default).</summary>
    ResultList,
    /// <summary>The one value of the one result; null when nothing matched.</summary>
    SingleEntry,
    /// <summary>The one result's map; null when nothing matched.</summary>
    SingleResult,
    /// <summary>The values of the one output, over all results.</summary>
    CollectEntries,
}

/// <summary>A business rule task's <c>camunda:decisionRef</c> and how its result is kept.</summary>
public sealed record DecisionReference(
    ExpressionText DecisionRef,
    DecisionRefBinding Binding,
    ExpressionText? Version,
    string? VersionTag,
    string? ResultVariable,
    DecisionResultMapping Mapping);
