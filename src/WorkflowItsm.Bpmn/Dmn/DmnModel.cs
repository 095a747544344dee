namespace WorkflowItsm.Bpmn.Dmn;

/// <summary>How a decision table turns its matching rules into a result (DMN 1.3 §8.2.8).</summary>
public enum HitPolicy
{
    Unique,
    First,
    Priority,
    Any,
    Collect,
    RuleOrder,
    OutputOrder,
}

/// <summary>The aggregation of a COLLECT table with one output (none: the list of matches).</summary>
public enum CollectAggregation
{
    None,
    Sum,
    Min,
    Max,
    Count,
}

/// <summary>A parsed and compiled .dmn file: its decisions, ready to evaluate any number of times.</summary>
public sealed class DmnDefinitions
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    public required IReadOnlyList<DmnDecision> Decisions { get; init; }

    public DmnDecision? Find(string decisionId) => Decisions.FirstOrDefault(decision => decision.Id == decisionId);
}

/// <summary>A decision: a decision table or a literal expression, and the decisions it requires.</summary>
public sealed class DmnDecision
{
    /// <summary>The id, which is the decision's key (what <c>camunda:decisionRef</c> names).</summary>
    public required string Id { get; init; }
    public string? Name { get; init; }
    public string? VersionTag { get; init; }

    /// <summary>Required decisions, evaluated first; their results become variables of this one.</summary>
    public IReadOnlyList<DmnDecision> RequiredDecisions { get; internal set; } = [];
    public DmnDecisionTable? Table { get; init; }
    public DmnLiteralExpression? Literal { get; init; }

    /// <summary>What users read: the name, or the id when the model gives none.</summary>
    public string Label => string.IsNullOrWhiteSpace(Name) ? Id : Name;

    /// <summary>Evaluates the decision (and its required decisions first) on the variables.</summary>
    /// <exception cref="DmnEvaluationException">A hit policy was broken or an expression failed; names the decision.</exception>
    /// <exception cref="DmnInputException">An input's value does not fit its type; names the input.</exception>
    public DmnDecisionResult Evaluate(IReadOnlyDictionary<string, object?> variables) => DmnEvaluator.Evaluate(this, variables);
}

public sealed class DmnDecisionTable
{
    public required string Id { get; init; }
    public HitPolicy HitPolicy { get; init; }
    public CollectAggregation Aggregation { get; init; }
    public required IReadOnlyList<DmnInput> Inputs { get; init; }
    public required IReadOnlyList<DmnOutput> Outputs { get; init; }
    public required IReadOnlyList<DmnRule> Rules { get; init; }
}

public sealed class DmnInput
{
    public required string Id { get; init; }
    public string? Label { get; init; }
    public required string ExpressionText { get; init; }
    public string? TypeRef { get; init; }

    /// <summary>The name the input value has inside the rules' cells (<c>camunda:inputVariable</c>, default cellInput).</summary>
    public string InputVariable { get; init; } = "cellInput";

    /// <summary>What users read in an error: the label, else the expression.</summary>
    public string DisplayName => string.IsNullOrWhiteSpace(Label) ? ExpressionText : Label;

    internal DmnExpression Expression { get; init; } = null!;
}

public sealed class DmnOutput
{
    public required string Id { get; init; }
    public string? Label { get; init; }

    /// <summary>The key of this output in every result entry.</summary>
    public required string Name { get; init; }
    public string? TypeRef { get; init; }

    /// <summary>The output values in priority order, highest first (for PRIORITY and OUTPUT ORDER).</summary>
    public IReadOnlyList<object?> OutputValues { get; init; } = [];

    internal DmnExpression? DefaultEntry { get; init; }
}

public sealed class DmnRule
{
    public required string Id { get; init; }
    public string? Description { get; init; }
    internal Feel.FeelUnaryTest[] InputEntries { get; init; } = [];

    /// <summary>One per output; null where the cell is empty (Camunda leaves that output out of the result).</summary>
    internal DmnExpression?[] OutputEntries { get; init; } = [];
}

/// <summary>A decision whose value is one expression, kept under the variable's name.</summary>
public sealed class DmnLiteralExpression
{
    public required string VariableName { get; init; }
    public string? TypeRef { get; init; }
    internal DmnExpression Expression { get; init; } = null!;
}
