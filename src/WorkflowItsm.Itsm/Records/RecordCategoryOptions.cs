using WorkflowItsm.Bpmn.Model;

namespace WorkflowItsm.Itsm.Records;

/// <summary>The active categories as a form's options (a field with <c>optionsFrom = record-categories</c>, as the incident form's).</summary>
public sealed class RecordCategoryOptions(RecordCategories categories) : IFormOptionsSource
{
    public const string SourceName = "record-categories";

    public string Name => SourceName;

    public async Task<IReadOnlyList<FormFieldValue>> OptionsAsync(CancellationToken cancellationToken) =>
        (await categories.ListAsync(activeOnly: true, cancellationToken)).Select(c => new FormFieldValue(c.Code, c.Name)).ToList();
}
