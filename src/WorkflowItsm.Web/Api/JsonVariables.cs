using System.Text.Json;

namespace WorkflowItsm.Web.Api;

/// <summary>Turns JSON request bodies into the engine's JSON-compatible variable values.</summary>
internal static class JsonVariables
{
    public static Dictionary<string, object?>? ToClr(Dictionary<string, JsonElement>? variables) =>
        variables?.ToDictionary(v => v.Key, v => ToClr(v.Value));

    public static object? ToClr(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var whole) ? whole : value.GetDouble(),
        JsonValueKind.Array => value.EnumerateArray().Select(ToClr).ToList(),
        JsonValueKind.Object => value.EnumerateObject().ToDictionary(p => p.Name, p => ToClr(p.Value)),
        _ => throw new JsonException($"Unsupported JSON value kind {value.ValueKind}."),
    };
}
