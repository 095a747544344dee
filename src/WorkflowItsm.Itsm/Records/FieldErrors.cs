using WorkflowItsm.Itsm.Incidents;

namespace WorkflowItsm.Itsm.Records;

/// <summary>Collects field errors of a record in the order they are found; nothing is saved while there are any.</summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    /// <summary>Each error with its field, in the order found (an import reports them per line).</summary>
    public IEnumerable<(string Field, string Message)> All => errors.SelectMany(e => e.Value.Select(message => (e.Key, message)));

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(message);
    }

    /// <summary>The messages about one field (none when it is right).</summary>
    public IReadOnlyList<string> Of(string field) => errors.TryGetValue(field, out var list) ? list : [];

    public void Length(string field, string? value, int max, bool required = false)
    {
        if (required && string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"{Label(field)} is required.");
        }
        else if (value is not null && value.Length > max)
        {
            Add(field, $"{Label(field)} has at most {max} characters (got {value.Length}).");
        }
    }

    /// <summary>Each of the fields as a short code (category, service...): at most <see cref="Record.CodeLength"/> characters.</summary>
    public void Codes(params (string Field, string? Value)[] fields)
    {
        foreach (var (field, value) in fields)
        {
            Length(field, value, Record.CodeLength);
        }
    }

    /// <summary>Each of the fields as a long text: at most <see cref="Record.TextLength"/> characters.</summary>
    public void Texts(params (string Field, string? Value)[] fields)
    {
        foreach (var (field, value) in fields)
        {
            Length(field, value, Record.TextLength);
        }
    }

    /// <summary>Impact and urgency: 1 (high) to 3 (low), as the priority matrix reads them.</summary>
    public void Level(string field, int? value, bool required = false)
    {
        if (value is null ? required : !PriorityMatrix.IsLevel(value.Value))
        {
            Add(field, $"{Label(field)} is 1 (high), 2 or 3 (low).");
        }
    }

    /// <summary>A field's name as people read it on the form ("shortDescription" → "Short description"); the key stays the API's.</summary>
    public static string Label(string field)
    {
        var words = new System.Text.StringBuilder(field.Length + 4);
        foreach (var c in field)
        {
            if (char.IsUpper(c) && words.Length > 0)
            {
                words.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                words.Append(words.Length == 0 ? char.ToUpperInvariant(c) : c);
            }
        }

        return words.ToString();
    }

    /// <exception cref="RecordValidationException">There are errors; <paramref name="record"/> says of what, in words.</exception>
    public void ThrowIfAny(string record) => ThrowIfAny(invalid => new RecordValidationException(record, invalid));

    public void ThrowIfAny(Func<IReadOnlyDictionary<string, string[]>, Exception> invalid)
    {
        if (errors.Count > 0)
        {
            throw invalid(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }
    }
}
