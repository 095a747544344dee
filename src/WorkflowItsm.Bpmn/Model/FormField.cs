using System.Globalization;

namespace WorkflowItsm.Bpmn.Model;

public enum FormFieldType
{
    String,
    Long,
    Boolean,
    Date,
    Enum,
    /// <summary>A type name we do not know (kept in <see cref="FormField.TypeName"/>).</summary>
    Custom,
}

/// <summary>A value of an enum form field.</summary>
public sealed record FormFieldValue(string Id, string? Name);

/// <summary>A validation constraint: required, readonly, min, max, minlength, maxlength, pattern.</summary>
public sealed record FormConstraint(string Name, string? Config);

/// <summary>A <c>camunda:formField</c> of a start event or user task (generated task forms).</summary>
/// <param name="Properties">The field's <c>camunda:properties</c> (id → value), e.g. <see cref="SuggestFromProperty"/>.</param>
public sealed record FormField(
    string Id,
    string? Label,
    FormFieldType Type,
    string TypeName,
    string? DefaultValue,
    IReadOnlyList<FormFieldValue> Values,
    IReadOnlyList<FormConstraint> Constraints,
    IReadOnlyDictionary<string, string> Properties)
{
    /// <summary>Property naming the field whose text a suggestion for this one is made from (e.g. the short description).</summary>
    public const string SuggestFromProperty = "suggestFrom";

    /// <summary>Property naming who suggests the value (a form value suggester the product registers, e.g. incident-category).</summary>
    public const string SuggesterProperty = "suggester";

    /// <summary>
    /// Property naming where an enum field's options come from (a form options source the product registers, e.g.
    /// record-categories): the product's data, which admins keep, instead of the model's fixed list. The model's
    /// values stay as the options where no source of that name is registered.
    /// </summary>
    public const string OptionsFromProperty = "optionsFrom";

    /// <summary>The form options source of this enum field's options; null when the model's own list is the options.</summary>
    public string? OptionsFrom => Type == FormFieldType.Enum && Properties.GetValueOrDefault(OptionsFromProperty) is { Length: > 0 } source ? source : null;

    /// <summary>The field this one's value is suggested from, and by whom; null when it is not suggested.</summary>
    public (string SourceFieldId, string Suggester)? Suggestion =>
        Properties.GetValueOrDefault(SuggestFromProperty) is { Length: > 0 } source && Properties.GetValueOrDefault(SuggesterProperty) is { Length: > 0 } suggester
            ? (source, suggester)
            : null;

    /// <summary>
    /// The default as a value of the field's type, as a form starts with it: the attribute is text, and "3" is the
    /// number 3 for a long field ("true" a boolean). A default that does not parse stays text, for validation to name.
    /// </summary>
    public object? TypedDefaultValue => (Type, DefaultValue) switch
    {
        (_, null) => null,
        (FormFieldType.Long, var text) when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => number,
        (FormFieldType.Boolean, var text) when bool.TryParse(text, out var flag) => flag,
        (_, var text) => text,
    };

    public bool IsRequired => HasConstraint("required");
    public bool IsReadOnly => HasConstraint("readonly");

    private bool HasConstraint(string name)
    {
        foreach (var constraint in Constraints)
        {
            if (string.Equals(constraint.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
