using WorkflowItsm.Bpmn.Model;

namespace WorkflowItsm.Runtime.Deployments;

/// <summary>
/// Fills in the options of enum fields kept as the product's data (<see cref="FormField.OptionsFrom"/>) where a form
/// is read, so the portal, the inbox and the API offer what admins keep today, not what the model was drawn with.
/// A field whose source the product does not have keeps the model's list.
/// </summary>
public sealed class FormFieldOptions(IEnumerable<IFormOptionsSource> sources)
{
    public async Task<IReadOnlyList<FormField>> ResolveAsync(IReadOnlyList<FormField> fields, CancellationToken cancellationToken)
    {
        if (fields.All(f => f.OptionsFrom is null))
        {
            return fields;
        }

        var resolved = new List<FormField>(fields.Count);
        foreach (var field in fields)
        {
            var source = field.OptionsFrom is { } name ? sources.FirstOrDefault(s => s.Name == name) : null;
            resolved.Add(source is null ? field : field with { Values = await source.OptionsAsync(cancellationToken) });
        }

        return resolved;
    }
}
