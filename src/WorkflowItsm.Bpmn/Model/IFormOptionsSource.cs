namespace WorkflowItsm.Bpmn.Model;

/// <summary>
/// The options of enum form fields that name it with <see cref="FormField.OptionsFromProperty"/> (e.g. the incident
/// categories admins keep): a form shows these instead of the model's list, and the value is checked by whoever
/// takes it (the engine accepts any text for such a field). The product registers the sources it has.
/// </summary>
public interface IFormOptionsSource
{
    string Name { get; }

    /// <summary>The options to offer now, in the order to show them.</summary>
    Task<IReadOnlyList<FormFieldValue>> OptionsAsync(CancellationToken cancellationToken);
}
