using System.Text.Json;
using System.Text.Json.Serialization;

namespace WorkflowItsm.Itsm.Requests;

/// <summary>What a catalog variable holds; the rule evaluator checks a submitted value against it.</summary>
public enum VariableType
{
    SingleLineText,
    MultiLineText,
    Number,
    YesNo,
    Date,
    DateTime,
    Choice,
    MultipleChoice,

    /// <summary>A person of the directory, by user name.</summary>
    Person,

    /// <summary>A configuration item, by number (CI…).</summary>
    ConfigurationItem,

    /// <summary>An asset model, by id; <see cref="CatalogVariable.InStockOnly"/> offers only models with an available asset in stock.</summary>
    AssetModel,

    /// <summary>A location: a CI of the location class (or a subclass), by number.</summary>
    Location,

    /// <summary>A file the requester attaches, by the id the upload gave it (the portal's upload comes with its pages).</summary>
    Attachment,
    Email,
    Url,
}

/// <summary>Who may order an item.</summary>
public enum OrderableBy
{
    Everyone,

    /// <summary>Only the people named.</summary>
    People,

    /// <summary>Only members of the groups named.</summary>
    Groups,
}

/// <summary>One answer of a choice or multiple-choice variable: the value stored and the words shown.</summary>
public sealed record VariableChoice(string Value, string Label);

/// <summary>
/// A question of an item's form. Not visible (<see cref="Visible"/> false) until a rule shows it; required always
/// (<see cref="Required"/>) or when a rule says so. Min and max bound a number, or a text's length.
/// </summary>
public sealed record CatalogVariable
{
    /// <summary>Letters, digits, '-' and '_'; names the value everywhere (API field keys, stored values, rules).</summary>
    public string Key { get; init; } = "";
    public string Label { get; init; } = "";
    public VariableType Type { get; init; }
    public bool Required { get; init; }
    public bool Visible { get; init; } = true;
    public string? Default { get; init; }
    public string? Help { get; init; }
    public decimal? Min { get; init; }
    public decimal? Max { get; init; }

    /// <summary>A regular expression a text must match whole.</summary>
    public string? Pattern { get; init; }

    public IReadOnlyList<VariableChoice> Choices { get; init; } = [];

    /// <summary>An asset model lookup offers (and accepts) only models with an available asset in stock.</summary>
    public bool InStockOnly { get; init; }

    /// <summary>An asset model lookup whose chosen model's unit cost is the line's price (the fact <c>item.price</c> rules read).</summary>
    public bool SetsPrice { get; init; }
}

/// <summary>How a rule's condition compares a variable (or a fact such as <c>item.price</c>) with its value.</summary>
public enum RuleOperator
{
    Equals,
    NotEquals,
    GreaterThan,
    LessThan,
    IsSet,
    IsNotSet,

    /// <summary>A multiple choice holds the value, or a text contains it.</summary>
    Contains,
}

/// <summary>What a rule does to a variable when its condition holds.</summary>
public enum RuleEffect
{
    Show,
    Hide,
    Require,
    ReadOnly,
    SetValue,
}

/// <summary>One comparison: <see cref="Subject"/> is a variable's key or a fact (<c>item.price</c>, <c>item.total</c>, <c>item.quantity</c>).</summary>
public sealed record RuleCondition(string Subject, RuleOperator Operator, string? Value = null);

/// <summary>One effect on one variable; <see cref="Value"/> is what <see cref="RuleEffect.SetValue"/> sets.</summary>
public sealed record RuleAction(string Variable, RuleEffect Effect, string? Value = null);

/// <summary>When every condition holds (no condition: always), the actions apply — in the portal as the requester types, and on the server at every submission.</summary>
public sealed record CatalogRule
{
    public string Name { get; init; } = "";
    public IReadOnlyList<RuleCondition> Conditions { get; init; } = [];
    public IReadOnlyList<RuleAction> Actions { get; init; } = [];
}

/// <summary>
/// What an item is, as edited and as published: the draft of a <see cref="CatalogItem"/> and, frozen, the snapshot of
/// a <see cref="CatalogItemVersion"/>. A snapshot holds the variables of its variable sets copied in, so that a set
/// edited later changes no version.
/// </summary>
/// <remarks>
/// Item forms are this variables list with our own rules, not form-js (Camunda Forms): the server must enforce the
/// same visibility, required and read-only rules on every submission (API included), and form-js conditions are
/// FEEL expressions evaluated only in its browser renderer. One C# evaluator (<see cref="CatalogRuleEvaluator"/>)
/// serves the portal (Blazor, live) and the server (checkout), so the two can never disagree; references to people,
/// CIs, asset models and locations are typed, hence checked.
/// </remarks>
public sealed record CatalogItemDefinition
{
    public required string Name { get; init; }
    public string? ShortDescription { get; init; }
    public string? Description { get; init; }
    public string? PictureUrl { get; init; }
    public decimal Price { get; init; }
    public OrderableBy OrderableBy { get; init; }
    public IReadOnlyList<string> OrderablePeople { get; init; } = [];
    public IReadOnlyList<string> OrderableGroups { get; init; } = [];
    /// <summary>The SLA definition (by name) the requested items are measured against.</summary>
    public string? SlaDefinition { get; init; }
    public string? FulfilmentProcessKey { get; init; }
    public string? ApprovalRuleKey { get; init; }

    /// <summary>The keys of the variable sets whose variables come after the item's own.</summary>
    public IReadOnlyList<string> VariableSets { get; init; } = [];
    public IReadOnlyList<CatalogVariable> Variables { get; init; } = [];
    public IReadOnlyList<CatalogRule> Rules { get; init; } = [];

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static CatalogItemDefinition FromJson(string json) =>
        JsonSerializer.Deserialize<CatalogItemDefinition>(json, Json) ?? throw new InvalidOperationException("An empty catalog item definition.");
}
