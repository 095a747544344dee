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
public sealed record FormField(
    string Id,
    string? Label,
    FormFieldType Type,
    string TypeName,
    string? DefaultValue,
    IReadOnlyList<FormFieldValue> Values,
    IReadOnlyList<FormConstraint> Constraints)
{
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
