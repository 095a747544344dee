namespace WorkflowItsm.Bpmn.Model;

/// <summary>
/// Suggests a form field's value from what the person typed in another field, e.g. an incident's category from its
/// short description. A model asks for one with the field's <see cref="FormField.SuggesterProperty"/> naming
/// <see cref="Name"/> and <see cref="FormField.SuggestFromProperty"/> naming the field to read; the product registers
/// the suggesters it has.
/// </summary>
public interface IFormValueSuggester
{
    string Name { get; }

    /// <param name="text">What the source field holds.</param>
    /// <param name="allowed">The values the field accepts (an enum field's ids); empty: any.</param>
    /// <returns>The value to suggest, or null when there is nothing to go on.</returns>
    Task<string?> SuggestAsync(string? text, IReadOnlyCollection<string> allowed, CancellationToken cancellationToken);
}
