using System.Text.Json;
using System.Text.Json.Serialization;

namespace WorkflowItsm.Bpmn.State;

/// <summary>Serializes <see cref="InstanceState"/> as compact JSON with a format version.</summary>
public static class InstanceStateSerializer
{
    public static string Serialize(InstanceState state) =>
        JsonSerializer.Serialize(state, InstanceStateJsonContext.Default.InstanceState);

    public static byte[] SerializeToUtf8Bytes(InstanceState state) =>
        JsonSerializer.SerializeToUtf8Bytes(state, InstanceStateJsonContext.Default.InstanceState);

    /// <summary>Reads a state; throws <see cref="JsonException"/> for a layout this engine cannot read.</summary>
    public static InstanceState Deserialize(string json) => Check(
        JsonSerializer.Deserialize(json, InstanceStateJsonContext.Default.InstanceState));

    public static InstanceState Deserialize(ReadOnlySpan<byte> utf8Json) => Check(
        JsonSerializer.Deserialize(utf8Json, InstanceStateJsonContext.Default.InstanceState));

    private static InstanceState Check(InstanceState? state)
    {
        if (state is null)
        {
            throw new JsonException("The instance state is null.");
        }

        if (state.FormatVersion > InstanceState.CurrentFormatVersion || state.FormatVersion < 1)
        {
            throw new JsonException(
                $"Instance state format {state.FormatVersion} is not supported (this engine reads 1..{InstanceState.CurrentFormatVersion}).");
        }

        return state;
    }
}

[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    Converters = [typeof(VariableValueConverter)])]
[JsonSerializable(typeof(InstanceState))]
internal sealed partial class InstanceStateJsonContext : JsonSerializerContext;
