using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace WorkflowItsm.Web.Api;

/// <summary>
/// What the OpenAPI document says beyond what the endpoints declare: numbers are numbers, and every JSON body and
/// answer carries an example (problems with the shape the API really answers; the rest built from its schema).
/// Checked by OpenApiTests and by a client generated from the document (GeneratedClientTests).
/// </summary>
internal static class OpenApiDocumentRules
{
    public static OpenApiOptions AddDocumentRules(this OpenApiOptions options)
    {
        options.AddSchemaTransformer((schema, _, _) =>
        {
            NumbersAreNumbers(schema);
            EnumsAreNames(schema);
            return Task.CompletedTask;
        });
        // An endpoint open to anyone (the secret on-call feed address) needs no sign-in: it says so with an empty
        // security list, and gets no 401/403 below.
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any())
            {
                operation.Security = [];
            }

            return Task.CompletedTask;
        });
        options.AddDocumentTransformer((document, _, _) =>
        {
            DeclareSignIn(document);
            AddExamples(document);
            return Task.CompletedTask;
        });
        return options;
    }

    /// <summary>
    /// The host also reads numbers written as strings (NumberHandling.AllowReadingFromString, the web default), so the
    /// generator types every number "integer or a string of digits" with a pattern. Clients send and always get
    /// numbers: the document says so, and a generated client gets an int instead of a string default it cannot compile.
    /// </summary>
    private static void NumbersAreNumbers(OpenApiSchema schema)
    {
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.String) && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
    }

    /// <summary>
    /// Enums travel as their names (JsonStringEnumConverter), but the generator lists the names without a type: a
    /// generated client then reads them as numbers and fails on the first "Active".
    /// </summary>
    private static void EnumsAreNames(OpenApiSchema schema)
    {
        if (schema.Type is null && schema.Enum is { Count: > 0 } names && names.Any(name => name?.GetValueKind() == System.Text.Json.JsonValueKind.String))
        {
            schema.Type = JsonSchemaType.String | (names.Any(name => name is null || name.GetValueKind() == System.Text.Json.JsonValueKind.Null) ? JsonSchemaType.Null : 0);
        }
    }

    public const string BearerScheme = "Bearer";

    /// <summary>
    /// Every /api endpoint needs a signed-in caller (the group's RequireAuthorization): a browser's cookie or an API
    /// token. The token is the scheme other systems use, so the document names it; and every operation can answer 401
    /// (no valid sign-in or token) and 403 (roles, or the token's scopes, fall short).
    /// </summary>
    private static void DeclareSignIn(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API token made on My API tokens or for a service account (witk_…), acting as its owner within its scopes. Browsers use the sign-in cookie instead.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
        var refusals = new[]
        {
            ("401", "No sign-in: no session cookie, and no token or a malformed, unknown, revoked or expired one"),
            ("403", "The caller's roles, or the token's scopes, do not allow this"),
        };
        foreach (var (_, operation) in document.Paths.Where(path => path.Key.StartsWith("/api/", StringComparison.Ordinal)).SelectMany(path => path.Value.Operations ?? []))
        {
            if (operation.Security is { Count: 0 })
            {
                continue;
            }

            operation.Responses ??= [];
            foreach (var (status, description) in refusals)
            {
                operation.Responses.TryAdd(status, new OpenApiResponse
                {
                    Description = description,
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", document) } },
                });
            }
        }
    }

    private static void AddExamples(OpenApiDocument document)
    {
        foreach (var (_, path) in document.Paths)
        {
            foreach (var (_, operation) in path.Operations ?? [])
            {
                var fields = Fields(operation);
                foreach (var (_, media) in Json(operation.RequestBody?.Content))
                {
                    media.Example ??= Example(media.Schema, null, depth: 0);
                }

                foreach (var (status, response) in operation.Responses ?? [])
                {
                    foreach (var (_, media) in Json(response.Content))
                    {
                        media.Example ??= int.TryParse(status, CultureInfo.InvariantCulture, out var code) && code >= 400
                            ? Problem(code, fields, operation)
                            : Example(media.Schema, null, depth: 0);
                    }
                }
            }
        }
    }

    private static IEnumerable<KeyValuePair<string, OpenApiMediaType>> Json(IDictionary<string, OpenApiMediaType>? content) =>
        (content ?? new Dictionary<string, OpenApiMediaType>()).Where(media => media.Key.EndsWith("json", StringComparison.Ordinal) && media.Value.Examples is not { Count: > 0 });

    /// <summary>The request's own field names (body properties, then query values): what a 400 names.</summary>
    private static List<string> Fields(OpenApiOperation operation)
    {
        var body = operation.RequestBody?.Content?.Values.FirstOrDefault()?.Schema;
        var fields = body?.Properties?.Keys.ToList() ?? [];
        fields.AddRange(operation.Parameters?.Where(p => p.In == ParameterLocation.Query).Select(p => p.Name!) ?? []);
        return fields;
    }

    /// <summary>The problem details the API answers with this status (ApiProblems), for this operation.</summary>
    private static JsonObject Problem(int status, List<string> fields, OpenApiOperation operation)
    {
        var key = operation.Parameters?.FirstOrDefault(p => p.In == ParameterLocation.Path)?.Name ?? "id";
        var field = fields.FirstOrDefault() ?? "body";
        var (title, detail) = status switch
        {
            400 => ("One or more validation errors occurred.", $"{Words(field)} is not valid."),
            401 => ("Unauthorized", "Sign in, or send a valid API token: Authorization: Bearer witk_…"),
            403 => ("Forbidden", "Your roles or your token's scopes do not allow this."),
            404 => ("Not found", $"Nothing has the {Words(key)} given."),
            409 => ("Conflict", "It was changed meanwhile or is no longer in a state that allows this; read it again."),
            413 => ("Too large", "The request is over the size limit."),
            415 => ("File type refused", "This kind of file is not accepted."),
            _ => ("Error", "The request could not be carried out."),
        };
        var problem = new JsonObject
        {
            ["type"] = $"https://tools.ietf.org/html/rfc9110#section-15.{(status >= 500 ? 6 : 5)}.{(status >= 500 ? status - 499 : status - 399)}",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
        };
        if (status == 400)
        {
            problem["errors"] = new JsonObject { [field] = new JsonArray($"{Words(field)} is not valid.") };
        }

        return problem;
    }

    /// <summary>A value that fits the schema: its own example or default, its first enum value, or one built from its type.</summary>
    private static JsonNode? Example(IOpenApiSchema? schema, string? name, int depth)
    {
        if (schema is null || depth > 6)
        {
            return null;
        }

        if (schema.Examples?.FirstOrDefault() is { } own)
        {
            return own.DeepClone();
        }

        if (schema.Enum is { Count: > 0 } values)
        {
            return values.FirstOrDefault(value => value is not null)?.DeepClone();
        }

        if (schema.Default is { } fallback)
        {
            return fallback.DeepClone();
        }

        foreach (var alternative in (schema.AnyOf ?? []).Concat(schema.OneOf ?? []).Concat(schema.AllOf ?? []))
        {
            if (Example(alternative, name, depth + 1) is { } found)
            {
                return found;
            }
        }

        var type = (schema.Type ?? 0) & ~JsonSchemaType.Null;
        if (type.HasFlag(JsonSchemaType.Array))
        {
            return Example(schema.Items, name, depth + 1) is { } item ? new JsonArray(item) : new JsonArray();
        }

        if (type.HasFlag(JsonSchemaType.Object) || schema.Properties is { Count: > 0 })
        {
            var example = new JsonObject();
            foreach (var (property, value) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
            {
                example[property] = Example(value, property, depth + 1);
            }

            if (example.Count == 0 && schema.AdditionalProperties is { } entries)
            {
                example["name"] = Example(entries, "value", depth + 1);
            }

            return example;
        }

        return type switch
        {
            _ when type.HasFlag(JsonSchemaType.Integer) => JsonValue.Create(schema.Minimum is { } min && decimal.TryParse(min, CultureInfo.InvariantCulture, out var low) ? (long)Math.Max(low, 1) : 1),
            _ when type.HasFlag(JsonSchemaType.Number) => JsonValue.Create(1.5),
            _ when type.HasFlag(JsonSchemaType.Boolean) => JsonValue.Create(false),
            _ when type.HasFlag(JsonSchemaType.String) => JsonValue.Create(Text(schema.Format, name)),
            _ => null,
        };
    }

    private static string Text(string? format, string? name) => format switch
    {
        "date-time" => "2026-03-02T09:30:00+00:00",
        "date" => "2026-03-02",
        "time" => "09:30:00",
        "duration" or "date-span" => "04:00:00",
        "uuid" => "0f8fad5b-d9cb-469f-a165-70867728950e",
        "uri" => "https://itsm.example.org/",
        "email" => "ada@example.org",
        _ when name?.EndsWith("email", StringComparison.OrdinalIgnoreCase) == true => "ada@example.org",
        _ => name is null ? "text" : Words(name),
    };

    /// <summary>"shortDescription" → "short description": an example text that says what goes there.</summary>
    private static string Words(string name)
    {
        var words = new StringBuilder(name.Length + 4);
        foreach (var letter in name)
        {
            if (char.IsUpper(letter) && words.Length > 0)
            {
                words.Append(' ');
            }

            words.Append(char.ToLowerInvariant(letter));
        }

        return words.ToString();
    }
}
