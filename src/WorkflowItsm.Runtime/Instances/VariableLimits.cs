using System.Text.Json;

namespace WorkflowItsm.Runtime.Instances;

/// <summary>A variable, or an instance's variables together, over the size limit (the API answers 413 naming it).</summary>
public sealed class VariablesTooLargeException(string? variable, long bytes, long limit) : Exception(variable is null
    ? $"The instance's variables would take {bytes:N0} bytes; the limit is {limit:N0}."
    : $"Variable '{variable}' takes {bytes:N0} bytes; the limit is {limit:N0}.")
{
    /// <summary>The variable over <see cref="RuntimeOptions.MaxVariableBytes"/>; null when the instance's total is over.</summary>
    public string? Variable { get; } = variable;

    public long Bytes { get; } = bytes;

    public long Limit { get; } = limit;
}

/// <summary>
/// Keeps what callers hand in (start, set variables, complete a task, correlate a message) within
/// <see cref="RuntimeOptions.MaxVariableBytes"/> each and <see cref="RuntimeOptions.MaxInstanceVariablesBytes"/> together,
/// measured as the JSON the instance state stores them in.
/// </summary>
public static class VariableLimits
{
    /// <exception cref="VariablesTooLargeException">One variable, or all of them together, is over its limit.</exception>
    public static void Check(IEnumerable<KeyValuePair<string, object?>>? variables, RuntimeOptions options)
    {
        long total = 0;
        foreach (var (name, value) in variables ?? [])
        {
            var bytes = SizeOf(value);
            if (bytes > options.MaxVariableBytes)
            {
                throw new VariablesTooLargeException(name, bytes, options.MaxVariableBytes);
            }

            total += bytes + name.Length;
        }

        if (total > options.MaxInstanceVariablesBytes)
        {
            throw new VariablesTooLargeException(null, total, options.MaxInstanceVariablesBytes);
        }
    }

    private static long SizeOf(object? value) => value switch
    {
        null => 4,
        string text => text.Length + 2L, // close enough for a bound (escapes aside), without serializing large text
        _ => JsonSerializer.SerializeToUtf8Bytes(value).LongLength,
    };
}
