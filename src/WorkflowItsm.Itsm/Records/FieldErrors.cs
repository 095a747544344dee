using WorkflowItsm.Itsm.Incidents;

namespace WorkflowItsm.Itsm.Records;

/// <summary>Collects field errors of a record in the order they are found; each kind of record throws its own exception.</summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(message);
    }

    public void Length(string field, string? value, int max, bool required = false)
    {
        if (required && string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"{field} is required.");
        }
        else if (value is not null && value.Length > max)
        {
            Add(field, $"{field} has at most {max} characters (got {value.Length}).");
        }
    }

    /// <summary>Impact and urgency: 1 (high) to 3 (low), as the priority matrix reads them.</summary>
    public void Level(string field, int? value, bool required = false)
    {
        if (value is null ? required : !PriorityMatrix.IsLevel(value.Value))
        {
            Add(field, $"{field} is 1 (high), 2 or 3 (low).");
        }
    }

    public void ThrowIfAny(Func<IReadOnlyDictionary<string, string[]>, Exception> invalid)
    {
        if (errors.Count > 0)
        {
            throw invalid(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }
    }
}
