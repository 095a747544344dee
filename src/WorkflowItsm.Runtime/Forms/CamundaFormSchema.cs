using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using WorkflowItsm.Bpmn.Model;

namespace WorkflowItsm.Runtime.Forms;

/// <summary>One field of a form-js form that submits a value, with the checks its <c>validate</c> block asks for.</summary>
/// <param name="Key">The variable it submits; a dotted path inside a group that has a <c>path</c>.</param>
/// <param name="Options">The allowed values of a select, radio, checklist or taglist with static values; null when they come from variables.</param>
/// <param name="MayBeHidden">It has a <c>conditional</c>: form-js hides it (and drops its value) on a FEEL condition, so "required" is the browser's to check.</param>
public sealed record CamundaFormInput(
    string Key, string Label, string Type, bool Required, int? MinLength, int? MaxLength, double? Min, double? Max, string? Pattern,
    string? ValidationType, IReadOnlyList<string>? Options, bool MayBeHidden, bool ReadOnly);

/// <summary>
/// Reads a form-js schema (what a <c>.form</c> file holds) and checks submitted values against it on the server, so a
/// request that skips the browser cannot complete a task with a required field empty or a value the form does not
/// offer. It checks what the schema states (required, lengths, number range, pattern, email/phone, static options);
/// FEEL conditions and expressions are the browser's (form-js evaluates them), so a field that may be hidden is not
/// required here.
/// </summary>
public static class CamundaFormSchema
{
    private static readonly HashSet<string> InputTypes = new(StringComparer.Ordinal)
    {
        "textfield", "textarea", "number", "checkbox", "checklist", "radio", "select", "taglist", "datetime",
    };

    private static readonly Regex Email = new(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    private static readonly Regex Phone = new(@"^(\+|00)[0-9][0-9 ()\-]{5,}$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    /// <summary>The form's id (null when it has none) and its input fields; a problem (in the words of a deployment error) when it is no form-js schema.</summary>
    public static (string? Id, IReadOnlyList<CamundaFormInput> Inputs, string? Problem) Read(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException invalid)
        {
            return (null, [], $"The form is not valid JSON: {invalid.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, [], "The form is no form-js schema: its JSON is not an object.");
            }

            // camunda:formRef names a form by this id; a form shown by its file name (camunda-forms:deployment:FILE) may have none.
            var id = root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String && idElement.GetString() is { Length: > 0 } given
                ? given
                : null;
            var name = id is null ? "The form" : $"The form '{id}'";
            if (!root.TryGetProperty("components", out var components) || components.ValueKind != JsonValueKind.Array)
            {
                return (id, [], $"{name} has no \"components\" list.");
            }

            var inputs = new List<CamundaFormInput>();
            var problem = Collect(components, "", inputs);
            problem ??= inputs.GroupBy(i => i.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice
                ? $"{name} has two fields with the key '{twice.Key}'."
                : null;
            return (id, inputs, problem);
        }
    }

    private static string? Collect(JsonElement components, string path, List<CamundaFormInput> inputs)
    {
        foreach (var component in components.EnumerateArray())
        {
            if (component.ValueKind != JsonValueKind.Object || Text(component, "type") is not { } type)
            {
                return "A component of the form has no \"type\".";
            }

            if (type == "group" && component.TryGetProperty("components", out var children) && children.ValueKind == JsonValueKind.Array)
            {
                // A group with a path nests its fields' values under it; without one they stay at this level.
                var groupPath = Text(component, "path") is { Length: > 0 } nested ? $"{path}{nested}." : path;
                if (Collect(children, groupPath, inputs) is { } problem)
                {
                    return problem;
                }

                continue;
            }

            if (!InputTypes.Contains(type) || Text(component, "key") is not { Length: > 0 } key)
            {
                continue; // text, images, buttons, spacers, dynamic lists and computed expressions submit nothing to check
            }

            var validate = component.TryGetProperty("validate", out var rules) && rules.ValueKind == JsonValueKind.Object ? rules : default;
            var label = Text(component, "label") is { Length: > 0 } text && !text.StartsWith('=') ? text : key;
            inputs.Add(new CamundaFormInput(
                path + key, label, type,
                Required: validate.ValueKind == JsonValueKind.Object && validate.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.True,
                MinLength: (int?)Number(validate, "minLength"), MaxLength: (int?)Number(validate, "maxLength"),
                Min: Number(validate, "min"), Max: Number(validate, "max"),
                Pattern: Text(validate, "pattern") is { Length: > 0 } pattern ? pattern : null,
                ValidationType: Text(validate, "validationType"),
                Options: StaticOptions(component),
                MayBeHidden: component.TryGetProperty("conditional", out var conditional) && conditional.ValueKind == JsonValueKind.Object,
                ReadOnly: Flag(component, "readonly") || Flag(component, "disabled")));
        }

        return null;
    }

    /// <summary>Each field whose submitted value breaks its checks, with what is wrong in the label's words.</summary>
    public static IReadOnlyList<FormFieldError> Validate(IReadOnlyList<CamundaFormInput> inputs, IReadOnlyDictionary<string, object?>? values)
    {
        var errors = new List<FormFieldError>();
        foreach (var input in inputs.Where(i => !i.ReadOnly))
        {
            var value = Lookup(values, input.Key);
            if (IsEmpty(value))
            {
                if (input.Required && !input.MayBeHidden)
                {
                    errors.Add(new FormFieldError(input.Key, $"{input.Label} is required."));
                }

                continue;
            }

            if (Problem(input, value!) is { } problem)
            {
                errors.Add(new FormFieldError(input.Key, problem));
            }
        }

        return errors;
    }

    private static string? Problem(CamundaFormInput input, object value)
    {
        switch (input.Type)
        {
            case "number":
                if (AsNumber(value) is not { } number)
                {
                    return $"{input.Label} must be a number.";
                }

                return number < input.Min ? $"{input.Label} must be at least {input.Min?.ToString(CultureInfo.InvariantCulture)}."
                    : number > input.Max ? $"{input.Label} must be at most {input.Max?.ToString(CultureInfo.InvariantCulture)}."
                    : null;
            case "checkbox":
                return value is bool ? null : $"{input.Label} must be true or false.";
            case "checklist" or "taglist":
                if (value is not IEnumerable<object?> items || value is string)
                {
                    return $"{input.Label} must be a list of values.";
                }

                return input.Options is { } allowed && items.Select(Text).FirstOrDefault(item => !allowed.Contains(item, StringComparer.Ordinal)) is { } unknown
                    ? $"{input.Label} does not offer '{unknown}'."
                    : null;
            case "select" or "radio":
                return input.Options is { } options && !options.Contains(Text(value), StringComparer.Ordinal)
                    ? $"{input.Label} does not offer '{Text(value)}'."
                    : null;
            default:
                return TextProblem(input, Text(value));
        }
    }

    private static string? TextProblem(CamundaFormInput input, string text)
    {
        if (text.Length < input.MinLength)
        {
            return $"{input.Label} must have at least {input.MinLength} characters.";
        }

        if (text.Length > input.MaxLength)
        {
            return $"{input.Label} must have at most {input.MaxLength} characters.";
        }

        if (input.Pattern is { } pattern && !Matches(pattern, text))
        {
            return $"{input.Label} must match the pattern {pattern}.";
        }

        return input.ValidationType switch
        {
            "email" when !Email.IsMatch(text) => $"{input.Label} must be an email address.",
            "phone" when !Phone.IsMatch(text) => $"{input.Label} must be a phone number with its country code (e.g. +49 …).",
            _ => null,
        };
    }

    /// <summary>As form-js tests it (JavaScript's <c>RegExp.test</c>: a match anywhere unless the pattern anchors it); a pattern .NET cannot read does not refuse.</summary>
    private static bool Matches(string pattern, string text)
    {
        try
        {
            return Regex.IsMatch(text, pattern, RegexOptions.ECMAScript, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>A value by its dotted path through nested maps (a group's path nests its fields' values).</summary>
    private static object? Lookup(IReadOnlyDictionary<string, object?>? values, string key)
    {
        if (values is null)
        {
            return null;
        }

        if (values.TryGetValue(key, out var flat))
        {
            return flat;
        }

        object? current = values;
        foreach (var part in key.Split('.'))
        {
            current = current switch
            {
                IReadOnlyDictionary<string, object?> map => map.GetValueOrDefault(part),
                IDictionary<string, object?> map => map.TryGetValue(part, out var found) ? found : null,
                _ => null,
            };
        }

        return current;
    }

    private static bool IsEmpty(object? value) => value switch
    {
        null => true,
        string text => text.Length == 0,
        System.Collections.ICollection list => list.Count == 0,
        _ => false,
    };

    private static double? AsNumber(object value) => value switch
    {
        long l => l,
        int i => i,
        double d => d,
        decimal m => (double)m,
        float f => f,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    private static string Text(object? value) => value switch
    {
        null => "",
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static List<string>? StaticOptions(JsonElement component) =>
        component.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Array
            ? values.EnumerateArray()
                .Where(option => option.ValueKind == JsonValueKind.Object && option.TryGetProperty("value", out _))
                .Select(option => option.GetProperty("value") is var value && value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText())
                .ToList()
            : null;

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? Number(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static bool Flag(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.True;
}
