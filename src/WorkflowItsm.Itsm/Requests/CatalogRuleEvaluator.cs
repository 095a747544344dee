using System.Collections;
using System.Globalization;
using System.Net.Mail;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace WorkflowItsm.Itsm.Requests;

/// <summary>One variable as the form shows it after the rules: visible, required, read-only, its value and what is wrong with it.</summary>
public sealed record EffectiveField(
    string Key, string Label, VariableType Type, bool Visible, bool Required, bool ReadOnly, string? Value, string? Help,
    IReadOnlyList<VariableChoice> Choices, IReadOnlyList<string> Errors);

/// <summary>A submitted reference (person, CI, asset model, location) the server checks exists.</summary>
public sealed record FormReference(string Variable, VariableType Type, string Value, bool InStockOnly);

/// <summary>
/// The form after the rules: every field, the values to store (visible and given, normalized: invariant numbers,
/// true/false, ISO dates, a JSON array for a multiple choice), the references to check, and the errors by variable key.
/// </summary>
public sealed record EffectiveForm(
    IReadOnlyList<EffectiveField> Fields, IReadOnlyDictionary<string, string> Values, IReadOnlyList<FormReference> References,
    IReadOnlyList<(string Variable, string Message)> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// The catalog's rules, evaluated the same way by the portal (live, as the requester types) and by the server (every
/// submission, API included), so a browser can never skip one. Rules apply in their order; a condition reads the
/// values as they are at that point (earlier rules' set values included) and never a hidden variable's value. Then
/// each variable: hidden → its value is dropped (never stored, whatever was sent); read-only → the value a rule set or
/// its default (what was sent is ignored); otherwise what was sent, or its default when nothing was. A visible
/// variable that is required and empty, or whose value is not of its type, is an error naming it.
/// </summary>
public static partial class CatalogRuleEvaluator
{
    public const string PriceFact = "item.price";
    public const string QuantityFact = "item.quantity";
    public const string TotalFact = "item.total";
    public const int TextLength = 256;
    public const int LongTextLength = 4000;

    /// <param name="submitted">By variable key: a <see cref="JsonElement"/> from the API, or a string, bool, number, date or string list from the portal.</param>
    /// <param name="price">The line's unit price (the item's, or the chosen model's cost).</param>
    public static EffectiveForm Evaluate(CatalogItemDefinition item, IReadOnlyDictionary<string, object?> submitted, decimal price, int quantity)
    {
        var facts = new Dictionary<string, decimal>(StringComparer.Ordinal)
        {
            [PriceFact] = price, [QuantityFact] = quantity, [TotalFact] = price * quantity,
        };
        var states = item.Variables.Select(v => new State(v, submitted)).ToList();
        var byKey = states.ToDictionary(s => s.Variable.Key, StringComparer.Ordinal);
        foreach (var rule in item.Rules)
        {
            if (!rule.Conditions.All(c => Holds(c, byKey, facts)))
            {
                continue;
            }

            foreach (var action in rule.Actions)
            {
                if (byKey.TryGetValue(action.Variable, out var state))
                {
                    state.Apply(action);
                }
            }
        }

        var fields = new List<EffectiveField>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var references = new List<FormReference>();
        var errors = new List<(string, string)>();
        foreach (var state in states)
        {
            var fieldErrors = state.Finish();
            errors.AddRange(fieldErrors.Select(e => (state.Variable.Key, e)));
            fields.Add(new EffectiveField(state.Variable.Key, state.Variable.Label, state.Variable.Type, state.Visible, state.Visible && state.Required, state.ReadOnly,
                state.Current, state.Variable.Help, state.Variable.Choices, fieldErrors));
            if (state.Visible && state.Current is { } value && fieldErrors.Count == 0)
            {
                values[state.Variable.Key] = value;
                if (IsReference(state.Variable.Type))
                {
                    references.Add(new FormReference(state.Variable.Key, state.Variable.Type, value, state.Variable.InStockOnly));
                }
            }
        }

        return new EffectiveForm(fields, values, references, errors);
    }

    public static bool IsReference(VariableType type) => type is VariableType.Person or VariableType.ConfigurationItem or VariableType.AssetModel or VariableType.Location;

    /// <summary>A value as its variable stores it, or the error saying why it is not one (null value: nothing given).</summary>
    public static (string? Value, string? Error) Normalize(CatalogVariable variable, object? raw)
    {
        var (text, list) = Raw(raw);
        if (list is not null && variable.Type != VariableType.MultipleChoice)
        {
            return (null, $"{variable.Label} takes one value, not a list.");
        }

        if (variable.Type == VariableType.MultipleChoice)
        {
            var chosen = list ?? (string.IsNullOrWhiteSpace(text) ? [] : [text.Trim()]);
            if (chosen.Count == 0)
            {
                return (null, null);
            }

            var unknown = chosen.FirstOrDefault(c => variable.Choices.All(o => o.Value != c));
            return unknown is not null ? (null, $"'{unknown}' is not one of the choices of {variable.Label}.")
                : (JsonSerializer.Serialize(chosen.Distinct(StringComparer.Ordinal).ToList()), null);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        var value = text.Trim();
        return variable.Type switch
        {
            VariableType.SingleLineText => Text(variable, value, TextLength),
            VariableType.MultiLineText => Text(variable, value, LongTextLength),
            VariableType.Number => decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
                ? (variable.Min is { } min && number < min ? (null, $"{variable.Label} is at least {min.ToString(CultureInfo.InvariantCulture)}.")
                    : variable.Max is { } max && number > max ? (null, $"{variable.Label} is at most {max.ToString(CultureInfo.InvariantCulture)}.")
                    : (number.ToString(CultureInfo.InvariantCulture), null))
                : (null, $"{variable.Label} is a number (got '{Short(value)}')."),
            VariableType.YesNo => value.ToUpperInvariant() switch
            {
                "TRUE" or "YES" => ("true", null),
                "FALSE" or "NO" => ("false", null),
                _ => (null, $"{variable.Label} is yes or no (true or false; got '{Short(value)}')."),
            },
            VariableType.Date => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? (date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null)
                : (null, $"{variable.Label} is a date, yyyy-mm-dd (got '{Short(value)}')."),
            VariableType.DateTime => DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? (at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), null)
                : (null, $"{variable.Label} is a date and time, ISO 8601 (got '{Short(value)}')."),
            VariableType.Choice => variable.Choices.Any(c => c.Value == value)
                ? (value, null)
                : (null, $"'{Short(value)}' is not one of the choices of {variable.Label}: {string.Join(", ", variable.Choices.Select(c => c.Value))}."),
            VariableType.AssetModel => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var model) && model > 0
                ? (model.ToString(CultureInfo.InvariantCulture), null)
                : (null, $"{variable.Label} is an asset model's id (got '{Short(value)}')."),
            VariableType.ConfigurationItem or VariableType.Location => value.Length <= Records.Record.CodeLength
                ? (value.ToUpperInvariant(), null)
                : (null, $"{variable.Label} is a CI's number (CI…)."),
            VariableType.Person or VariableType.Attachment => value.Length <= Records.Record.NameLength ? (value, null) : (null, $"{variable.Label} is too long."),
            VariableType.Email => MailAddress.TryCreate(value, out var mail) && mail.Address == value && value.Length <= TextLength
                ? (value, null)
                : (null, $"{variable.Label} is an email address (got '{Short(value)}')."),
            VariableType.Url => Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && value.Length <= LongTextLength
                ? (value, null)
                : (null, $"{variable.Label} is a web address, http(s)://… (got '{Short(value)}')."),
            _ => (null, $"{variable.Label} has an unknown type."),
        };
    }

    private static (string?, string?) Text(CatalogVariable variable, string value, int length)
    {
        var max = variable.Max is { } m ? (int)Math.Min(m, length) : length;
        if (value.Length > max)
        {
            return (null, $"{variable.Label} has at most {max} characters (got {value.Length}).");
        }

        if (variable.Min is { } min && value.Length < min)
        {
            return (null, $"{variable.Label} has at least {min.ToString(CultureInfo.InvariantCulture)} characters.");
        }

        if (!string.IsNullOrEmpty(variable.Pattern) && !Matches(variable.Pattern, value))
        {
            return (null, $"{variable.Label} does not have the expected form.");
        }

        return (value, null);
    }

    /// <summary>Whether the text matches the pattern whole; an admin's pattern runs with a timeout, and a broken one matches nothing.</summary>
    public static bool Matches(string pattern, string value)
    {
        try
        {
            return Regex.IsMatch(value, $"^(?:{pattern})$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (Exception ex) when (ex is ArgumentException or RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static string Short(string value) => value.Length <= 40 ? value : value[..40] + "…";

    private static (string? Text, List<string>? List) Raw(object? raw) => raw switch
    {
        null => (null, null),
        JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => (null, null),
        JsonElement { ValueKind: JsonValueKind.String } e => (e.GetString(), null),
        JsonElement { ValueKind: JsonValueKind.True } => ("true", null),
        JsonElement { ValueKind: JsonValueKind.False } => ("false", null),
        JsonElement { ValueKind: JsonValueKind.Number } e => (e.GetRawText(), null),
        JsonElement { ValueKind: JsonValueKind.Array } e => (null, [.. e.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() ?? "" : x.GetRawText())]),
        JsonElement e => ("\u0000" + e.GetRawText(), null), // an object is never a value: it fails every type's check
        string s => (s, null),
        bool b => (b ? "true" : "false", null),
        DateOnly d => (d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null),
        DateTime t => (t.ToString("O", CultureInfo.InvariantCulture), null),
        DateTimeOffset t => (t.ToString("O", CultureInfo.InvariantCulture), null),
        IFormattable f => (f.ToString(null, CultureInfo.InvariantCulture), null),
        IEnumerable e => (null, [.. e.Cast<object?>().Select(x => Convert.ToString(x, CultureInfo.InvariantCulture) ?? "")]),
        _ => (raw.ToString(), null),
    };

    private static bool Holds(RuleCondition condition, Dictionary<string, State> variables, Dictionary<string, decimal> facts)
    {
        string? value;
        if (facts.TryGetValue(condition.Subject, out var fact))
        {
            value = fact.ToString(CultureInfo.InvariantCulture);
        }
        else if (variables.TryGetValue(condition.Subject, out var state))
        {
            value = state.Visible ? state.Current : null;
        }
        else
        {
            return false;
        }

        var expected = condition.Value?.Trim();
        if (variables.TryGetValue(condition.Subject, out var subject) && expected is not null && subject.Variable.Type == VariableType.YesNo)
        {
            expected = Normalize(subject.Variable, expected).Value ?? expected;
        }

        return condition.Operator switch
        {
            RuleOperator.IsSet => value is not null,
            RuleOperator.IsNotSet => value is null,
            RuleOperator.Equals => value is not null && Compare(value, expected) == 0,
            RuleOperator.NotEquals => value is null || Compare(value, expected) != 0,
            RuleOperator.GreaterThan => value is not null && expected is not null && Compare(value, expected) > 0,
            RuleOperator.LessThan => value is not null && expected is not null && Compare(value, expected) < 0,
            RuleOperator.Contains => value is not null && expected is not null && (value.StartsWith('[')
                ? (JsonSerializer.Deserialize<List<string>>(value) ?? []).Contains(expected, StringComparer.Ordinal)
                : value.Contains(expected, StringComparison.OrdinalIgnoreCase)),
            _ => false,
        };
    }

    /// <summary>Numbers as numbers, anything else (ISO dates sort as text) as text without case.</summary>
    private static int Compare(string value, string? expected) =>
        expected is null ? 1
        : decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var a) && decimal.TryParse(expected, NumberStyles.Number, CultureInfo.InvariantCulture, out var b)
            ? a.CompareTo(b)
            : string.Compare(value, expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>One variable while the rules run.</summary>
    private sealed class State
    {
        private readonly bool given;
        private readonly string? submittedValue;
        private readonly string? submittedError;
        private string? setValue;
        private bool isSet;

        public State(CatalogVariable variable, IReadOnlyDictionary<string, object?> submitted)
        {
            Variable = variable;
            Visible = variable.Visible;
            Required = variable.Required;
            given = submitted.TryGetValue(variable.Key, out var raw);
            (submittedValue, submittedError) = given ? Normalize(variable, raw) : (null, null);
            Current = given && submittedError is null ? submittedValue : Default;
        }

        public CatalogVariable Variable { get; }
        public bool Visible { get; private set; }
        public bool Required { get; private set; }
        public bool ReadOnly { get; private set; }
        public string? Current { get; private set; }

        private string? Default => Normalize(Variable, Variable.Default).Value;

        public void Apply(RuleAction action)
        {
            switch (action.Effect)
            {
                case RuleEffect.Show:
                    Visible = true;
                    break;
                case RuleEffect.Hide:
                    Visible = false;
                    break;
                case RuleEffect.Require:
                    Required = true;
                    break;
                case RuleEffect.ReadOnly:
                    ReadOnly = true;
                    break;
                case RuleEffect.SetValue:
                    setValue = Normalize(Variable, action.Value).Value;
                    isSet = true;
                    Current = setValue;
                    break;
            }
        }

        /// <summary>Settles the value (see the class) and says what is wrong with it.</summary>
        public List<string> Finish()
        {
            if (!Visible)
            {
                Current = null;
                return [];
            }

            if (ReadOnly)
            {
                Current = isSet ? setValue : Default;
            }
            else if (isSet)
            {
                Current = setValue;
            }
            else if (given)
            {
                if (submittedError is not null)
                {
                    Current = null;
                    return [submittedError];
                }

                Current = submittedValue;
            }

            return Required && Current is null ? [$"{Variable.Label} is required."] : [];
        }
    }
}
