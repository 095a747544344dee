using System.Collections;
using System.Globalization;
using System.Text.Json;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace WorkflowItsm.Bpmn.Expressions;

/// <summary>
/// Copies JSON-compatible CLR values into JavaScript values and back. Copying (instead of Jint's CLR interop)
/// is what keeps host objects out of reach of scripts.
/// </summary>
internal static class ScriptValueConverter
{
    /// <summary>Deeper than this is treated as a cycle: variables are JSON documents, not graphs.</summary>
    private const int MaxDepth = 64;

    public static JsValue ToJs(Engine engine, object? value, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new ScriptFailedException($"A variable value is nested deeper than {MaxDepth} levels (a cycle?)");
        }

        return value switch
        {
            null => JsValue.Null,
            string s => new JsString(s),
            bool b => b ? JsBoolean.True : JsBoolean.False,
            int i => JsNumber.Create(i),
            long l => JsNumber.Create(l),
            double d => JsNumber.Create(d),
            decimal m => JsNumber.Create((double)m),
            float f => JsNumber.Create(f),
            short or byte or sbyte or ushort or uint => JsNumber.Create(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
            DateTimeOffset dto => new JsString(dto.ToString("O", CultureInfo.InvariantCulture)),
            DateTime dt => new JsString(dt.ToString("O", CultureInfo.InvariantCulture)),
            Guid g => new JsString(g.ToString()),
            Enum e => new JsString(e.ToString()),
            JsonElement element => FromJson(engine, element, depth),
            IReadOnlyDictionary<string, object?> map => ToJsObject(engine, map, depth),
            IDictionary<string, object?> map => ToJsObject(engine, map, depth),
            IDictionary map => ToJsObject(engine, StringKeyed(map), depth),
            IEnumerable items => ToJsArray(engine, items, depth),
            _ => throw new ScriptFailedException(
                $"A variable of type {value.GetType().Name} cannot be passed to a script; use JSON-compatible values"),
        };
    }

    /// <summary>Converts a script's value to null, bool, long, double, string, List or Dictionary.</summary>
    /// <exception cref="ScriptFailedException">The value is a function, symbol or not a finite number.</exception>
    public static object? ToClr(JsValue value, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new ScriptFailedException($"The script's result is nested deeper than {MaxDepth} levels (a cycle?)");
        }

        switch (value.Type)
        {
            case Types.Undefined or Types.Null or Types.Empty:
                return null;
            case Types.Boolean:
                return value.AsBoolean();
            case Types.String:
                return value.ToString();
            case Types.Number:
                var number = FiniteNumber(value.AsNumber());
                if (IsWholeLong(number))
                {
                    return (long)number;
                }

                return number;
            case Types.BigInt:
                throw new ScriptFailedException("The script returned a BigInt, which is not a JSON number");
            case Types.Symbol:
                throw new ScriptFailedException("The script returned a symbol, which has no JSON value");
        }

        if (value.IsCallable())
        {
            throw new ScriptFailedException("The script returned a function, which has no JSON value");
        }

        if (value.IsDate())
        {
            var date = value.AsDate();
            return double.IsNaN(date.DateValue)
                ? null
                : DateTimeOffset.FromUnixTimeMilliseconds((long)date.DateValue).ToString("O", CultureInfo.InvariantCulture);
        }

        if (value.IsArray())
        {
            var array = value.AsArray();
            var length = array.Length;
            var list = new List<object?>((int)Math.Min(length, 1024));
            for (uint i = 0; i < length; i++)
            {
                list.Add(ToClr(array.Get(i), depth + 1));
            }

            return list;
        }

        return ToDictionary(value.AsObject(), depth);
    }

    private static double FiniteNumber(double number) => double.IsFinite(number)
        ? number
        : throw new ScriptFailedException($"The script produced {number.ToString(CultureInfo.InvariantCulture)}, which is not a JSON number");

    // 2^63 is exactly representable, so "<" keeps long.MaxValue's neighbourhood from overflowing.
    private static bool IsWholeLong(double number) =>
        number == Math.Floor(number) && number >= long.MinValue && number < 9_223_372_036_854_775_808d;

    private static Dictionary<string, object?> ToDictionary(ObjectInstance obj, int depth)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var key in obj.GetOwnPropertyKeys(Types.String))
        {
            var descriptor = obj.GetOwnProperty(key);
            if (descriptor.Enumerable)
            {
                result[key.ToString()] = ToClr(obj.Get(key), depth + 1);
            }
        }

        return result;
    }

    private static JsObject ToJsObject(Engine engine, IEnumerable<KeyValuePair<string, object?>> map, int depth)
    {
        var obj = new JsObject(engine);
        foreach (var (key, item) in map)
        {
            obj.FastSetDataProperty(key, ToJs(engine, item, depth + 1));
        }

        return obj;
    }

    /// <summary>Other dictionaries (string to string, string to long...) as long as their keys are strings.</summary>
    private static IEnumerable<KeyValuePair<string, object?>> StringKeyed(IDictionary map)
    {
        foreach (DictionaryEntry entry in map)
        {
            yield return entry.Key is string key
                ? KeyValuePair.Create(key, entry.Value)
                : throw new ScriptFailedException($"A dictionary with {entry.Key.GetType().Name} keys cannot be passed to a script; keys must be strings");
        }
    }

    private static JsArray ToJsArray(Engine engine, IEnumerable items, int depth)
    {
        var values = new List<JsValue>();
        foreach (var item in items)
        {
            values.Add(ToJs(engine, item, depth + 1));
        }

        return new JsArray(engine, values.ToArray());
    }

    private static JsValue FromJson(Engine engine, JsonElement element, int depth) => element.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => JsValue.Null,
        JsonValueKind.True => JsBoolean.True,
        JsonValueKind.False => JsBoolean.False,
        JsonValueKind.String => new JsString(element.GetString()!),
        JsonValueKind.Number => JsNumber.Create(element.GetDouble()),
        JsonValueKind.Array => ToJsArray(engine, element.EnumerateArray().Select(e => (object?)e), depth),
        _ => ToJsObject(engine, element.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, (object?)p.Value)), depth),
    };
}
