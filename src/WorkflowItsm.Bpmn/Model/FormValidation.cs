using System.Globalization;
using System.Text.RegularExpressions;

namespace WorkflowItsm.Bpmn.Model;

/// <summary>Why a submitted value does not fit its form field.</summary>
public sealed record FormFieldError(string FieldId, string Message);

/// <summary>
/// Checks values submitted for a generated form (<c>camunda:formData</c>) against the fields' types and
/// constraints: required, readonly, min, max (numbers, or ISO dates for date fields), minlength, maxlength, pattern.
/// Values not named by a field pass.
/// </summary>
public static class FormValidation
{
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    public static IReadOnlyList<FormFieldError> Validate(IReadOnlyList<FormField> fields, IReadOnlyDictionary<string, object?>? values)
    {
        if (fields.Count == 0)
        {
            return [];
        }

        var errors = new List<FormFieldError>();
        foreach (var field in fields)
        {
            object? value = null;
            var present = values is not null && values.TryGetValue(field.Id, out value) && value is not null and not "";
            if (!present)
            {
                if (field.IsRequired)
                {
                    errors.Add(new FormFieldError(field.Id, $"{Label(field)} is required."));
                }

                continue;
            }

            if (CheckType(field, value) is { } typeError)
            {
                errors.Add(new FormFieldError(field.Id, typeError));
                continue;
            }

            foreach (var constraint in field.Constraints)
            {
                if (CheckConstraint(field, constraint, value!) is { } error)
                {
                    errors.Add(new FormFieldError(field.Id, error));
                }
            }
        }

        return errors;
    }

    private static string? CheckType(FormField field, object? value) => field.Type switch
    {
        FormFieldType.String when value is not string => $"{Label(field)} must be text.",
        FormFieldType.Long when value is not (long or int) && !(value is double d && d == Math.Floor(d)) => $"{Label(field)} must be a whole number.",
        FormFieldType.Boolean when value is not bool => $"{Label(field)} must be true or false.",
        FormFieldType.Date when value is not string s || !TryDate(s, out _) =>
            $"{Label(field)} must be an ISO-8601 date.",
        // Options kept as the product's data are the product's to check (the record that takes the value does).
        FormFieldType.Enum when field.OptionsFrom is not null && value is not string => $"{Label(field)} must be text.",
        FormFieldType.Enum when field.OptionsFrom is null && !field.Values.Any(v => Equals(v.Id, value)) =>
            $"{Label(field)} must be one of {string.Join(", ", field.Values.Select(v => v.Id))}.",
        _ => null,
    };

    private static string? CheckConstraint(FormField field, FormConstraint constraint, object value)
    {
        var config = constraint.Config;
        switch (constraint.Name.ToLowerInvariant())
        {
            case "min" when field.Type == FormFieldType.Date:
                return CompareDates(value, config) < 0 ? $"{Label(field)} must be on or after {config}." : null;
            case "max" when field.Type == FormFieldType.Date:
                return CompareDates(value, config) > 0 ? $"{Label(field)} must be on or before {config}." : null;
            case "minlength" when value is string s && TryNumber(config, out var min) && s.Length < min:
                return $"{Label(field)} needs at least {config} characters.";
            case "maxlength" when value is string s && TryNumber(config, out var max) && s.Length > max:
                return $"{Label(field)} allows at most {config} characters.";
            case "min" when TryNumber(value, out var number) && TryNumber(config, out var min) && number < min:
                return $"{Label(field)} must be at least {config}.";
            case "max" when TryNumber(value, out var number) && TryNumber(config, out var max) && number > max:
                return $"{Label(field)} must be at most {config}.";
            case "pattern" when value is string s && config is not null && !Matches(s, config):
                return $"{Label(field)} does not match the expected format.";
            case "readonly" when field.DefaultValue is not null && !string.Equals(Convert.ToString(value, CultureInfo.InvariantCulture), field.DefaultValue, StringComparison.Ordinal):
                return $"{Label(field)} is read-only.";
            default:
                return null;
        }
    }

    private static bool Matches(string value, string pattern)
    {
        try
        {
            // Anchored like HTML's pattern attribute; the timeout keeps a hostile pattern from stalling the host.
            return Regex.IsMatch(value, $"^(?:{pattern})$", RegexOptions.None, PatternTimeout);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return true; // an invalid pattern in the model is the modeller's problem, not the submitter's
        }
    }

    /// <summary>
    /// Compares a date field's value with a date bound (negative: before it). A date-only bound (yyyy-MM-dd)
    /// compares the calendar date the value names, so "max 2026-03-31" admits any time that day; a bound with a
    /// time compares instants. 0 when either is no date: a bad value fails the type check, a bad bound is the
    /// modeller's problem, as with patterns.
    /// </summary>
    private static int CompareDates(object value, string? bound)
    {
        if (value is not string text || !TryDate(text, out var date) || bound is null)
        {
            return 0;
        }

        if (DateOnly.TryParseExact(bound.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return DateOnly.FromDateTime(date.DateTime).CompareTo(day);
        }

        return TryDate(bound, out var limit) ? date.CompareTo(limit) : 0;
    }

    private static bool TryDate(string text, out DateTimeOffset date) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date);

    private static bool TryNumber(object? value, out double number)
    {
        switch (value)
        {
            case long l:
                number = l;
                return true;
            case int i:
                number = i;
                return true;
            case double d:
                number = d;
                return true;
            case string s:
                return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
            default:
                number = 0;
                return false;
        }
    }

    private static string Label(FormField field) => field.Label ?? field.Id;
}
