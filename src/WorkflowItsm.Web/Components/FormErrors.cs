namespace WorkflowItsm.Web.Components;

/// <summary>
/// The field errors a form's last save was refused with (a <see cref="Itsm.Records.RecordValidationException"/>'s,
/// keyed by the API's field names), for each field to show its own; the key "" holds what concerns no one field.
/// </summary>
public sealed class FormErrors
{
    private IReadOnlyDictionary<string, string[]> errors = new Dictionary<string, string[]>();

    public void Set(IReadOnlyDictionary<string, string[]> refused) => errors = refused;

    public void Set(string message) => errors = new Dictionary<string, string[]> { [""] = [message] };

    /// <summary>Forgets one field's errors (its value changed) or all of them.</summary>
    public void Clear(string? field = null) =>
        errors = field is null ? new Dictionary<string, string[]>() : errors.Where(e => e.Key != field).ToDictionary();

    public bool Has(string field) => errors.ContainsKey(field);

    public string? Of(string field) => errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;
}
