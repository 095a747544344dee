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
