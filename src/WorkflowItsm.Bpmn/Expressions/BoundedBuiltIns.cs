using System.Text;
using Jint;
using Jint.Native;
using Jint.Native.Error;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace WorkflowItsm.Bpmn.Expressions;

/// <summary>
/// Jint checks the memory and time limits between statements, so one built-in call whose result dwarfs its input
/// (<c>'x'.repeat(1e9)</c>, <c>a.flat(Infinity)</c> over shared rows, <c>join</c> of a million references to one
/// long string, any method of an array whose length was set to 4e9) would allocate gigabytes or loop for minutes
/// before a limit is looked at. These wrappers check the size up front, or build the result under a budget, and
/// throw a RangeError instead.
/// </summary>
/// <remarks>
/// A result under the budget can still take long to make when the work is spread over many small calls: joining an
/// array of two arrays of two arrays... (21 levels, 2^21 leaves) is millions of tiny joins. So the wrappers also
/// count the elements and values they visit over the whole run, and let Jint check its time and memory limits every
/// <see cref="WorkPerConstraintCheck"/> of them. (Sizes are refused up front by the checks above, which name the
/// built-in; counting characters here would let the memory check win that race with a vaguer message.)
/// </remarks>
internal sealed class BoundedBuiltIns
{
    private const int ConstraintCheckInterval = 1024;
    private const long WorkPerConstraintCheck = 16 * 1024;

    /// <summary>Words of every size refusal; <see cref="ScriptFailure"/> tells a limit from other RangeErrors by them.</summary>
    public const string LimitPhrase = "the script memory limit";

    private readonly Engine _engine;
    private readonly long _maxChars;
    private readonly long _maxElements;
    private readonly ErrorConstructor _rangeError;
    private readonly HashSet<ObjectInstance> _arraysBeingJoined = new(ReferenceEqualityComparer.Instance);
    private long _workSinceCheck;

    private BoundedBuiltIns(Engine engine, long maxChars, long maxElements)
    {
        _engine = engine;
        _maxChars = maxChars;
        _maxElements = maxElements;
        _rangeError = (ErrorConstructor)engine.GetValue("RangeError");
    }

    public static void Apply(Engine engine, long maxChars, long maxElements) =>
        new BoundedBuiltIns(engine, maxChars, maxElements).Apply();

    private void Apply()
    {
        BoundStringMethods(Prototype("String"));
        BoundArrayMethods(Prototype("Array"));
        BoundArgumentLists();
        Wrap(_engine.GetValue("JSON").AsObject(), "stringify", BoundedStringify);
    }

    private void BoundStringMethods(ObjectInstance prototype)
    {
        Wrap(prototype, "repeat", (original, self, args) =>
        {
            RequireChars(TypeConverter.ToString(self).Length * Math.Max(0, TypeConverter.ToIntegerOrInfinity(Argument(args, 0))), "String.prototype.repeat");
            return _engine.Call(original, self, args);
        });
        foreach (var pad in new[] { "padStart", "padEnd" })
        {
            Wrap(prototype, pad, (original, self, args) =>
            {
                RequireChars(TypeConverter.ToIntegerOrInfinity(Argument(args, 0)), "String.prototype." + pad);
                return _engine.Call(original, self, args);
            });
        }

        foreach (var replace in new[] { "replace", "replaceAll" })
        {
            Wrap(prototype, replace, (original, self, args) => BoundedReplace(original, self, args, replace));
        }

        // The arguments are turned into strings here, once, so that the check sees what concat will copy.
        Wrap(prototype, "concat", (original, self, args) =>
        {
            var parts = args.Select(a => (JsValue)new JsString(TypeConverter.ToString(a))).ToArray();
            RequireChars(TypeConverter.ToString(self).Length + parts.Sum(p => (double)p.ToString().Length), "String.prototype.concat");
            return _engine.Call(original, self, parts);
        });
        Wrap(_engine.GetValue("String").AsObject(), "raw", (original, self, args) =>
        {
            var raw = Argument(args, 0) is ObjectInstance template ? template.Get("raw") : JsValue.Undefined;
            RequireElements(ArrayLength(raw), "String.raw");
            var literalLength = 0d;
            for (uint i = 0; i < ArrayLength(raw); i++)
            {
                var part = raw.AsObject().Get(i);
                literalLength += part.IsString() ? part.ToString().Length : 0;
            }

            RequireChars(literalLength + args.Skip(1).Sum(a => a.IsString() ? (double)a.ToString().Length : 0), "String.raw");
            return _engine.Call(original, self, args);
        });
    }

    private void BoundArrayMethods(ObjectInstance prototype)
    {
        // Every array method walks this.length, which a script can set to 4e9 without allocating anything.
        foreach (var key in prototype.GetOwnPropertyKeys(Types.String))
        {
            var name = key.ToString();
            if (name != "constructor" && prototype.Get(key).IsCallable())
            {
                Wrap(prototype, name, (original, self, args) =>
                {
                    RequireElements(ArrayLength(self), "Array.prototype." + name);
                    return _engine.Call(original, self, args);
                });
            }
        }

        Wrap(prototype, "join", (_, self, args) => BoundedJoin(self, Argument(args, 0), localeAware: false));
        Wrap(prototype, "toLocaleString", (_, self, _) => BoundedJoin(self, JsValue.Undefined, localeAware: true));
        Wrap(prototype, "concat", (original, self, args) =>
        {
            RequireElements(ArrayLength(self) + args.Sum(a => a.IsArray() ? ArrayLength(a) : 1), "Array.prototype.concat");
            return _engine.Call(original, self, args);
        });
        Wrap(prototype, "flat", (original, self, args) =>
        {
            var depth = args.Length == 0 || args[0].IsUndefined() ? 1 : TypeConverter.ToIntegerOrInfinity(args[0]);
            RequireElements(CountFlattened(self, depth, new Dictionary<ObjectInstance, (double, double)>(ReferenceEqualityComparer.Instance)), "Array.prototype.flat");
            return _engine.Call(original, self, args);
        });
        Wrap(prototype, "flatMap", (original, self, args) =>
        {
            var callback = Argument(args, 0);
            if (!callback.IsCallable())
            {
                return _engine.Call(original, self, args);
            }

            var produced = 0d;
            var metered = new ClrFunction(_engine, "callback", (callbackThis, callbackArgs) =>
            {
                var result = _engine.Call(callback, callbackThis, callbackArgs);
                produced += result.IsArray() ? ArrayLength(result) : 1;
                RequireElements(produced, "Array.prototype.flatMap");
                return result;
            }, 3);
            return _engine.Call(original, self, [metered, Argument(args, 1)]);
        });
    }

    /// <summary>Calls that spread an array-like into an argument list allocate one slot per element.</summary>
    private void BoundArgumentLists()
    {
        Wrap(Prototype("Function"), "apply", (original, self, args) =>
        {
            RequireElements(ArrayLength(Argument(args, 1)), "Function.prototype.apply");
            return _engine.Call(original, self, args);
        });
        var reflect = _engine.GetValue("Reflect").AsObject();
        Wrap(reflect, "apply", (original, self, args) =>
        {
            RequireElements(ArrayLength(Argument(args, 2)), "Reflect.apply");
            return _engine.Call(original, self, args);
        });
        Wrap(reflect, "construct", (original, self, args) =>
        {
            RequireElements(ArrayLength(Argument(args, 1)), "Reflect.construct");
            return _engine.Call(original, self, args);
        });
    }

    private ObjectInstance Prototype(string constructor) => _engine.GetValue(constructor).AsObject().Get("prototype").AsObject();

    private void Wrap(ObjectInstance target, string name, Func<JsValue, JsValue, JsValue[], JsValue> body)
    {
        var original = target.Get(name);
        var length = (int)TypeConverter.ToNumber(original.AsObject().Get("length"));
        var wrapper = new ClrFunction(_engine, name, (self, args) => body(original, self, args), length);
        target.DefineOwnProperty(name, new PropertyDescriptor(wrapper, writable: true, enumerable: false, configurable: true));
    }

    private static JsValue Argument(JsValue[] arguments, int index) => index < arguments.Length ? arguments[index] : JsValue.Undefined;

    private static double ArrayLength(JsValue value) =>
        value is ObjectInstance obj ? TypeConverter.ToLength(obj.Get("length")) : 0;

    private void RequireChars(double length, string operation)
    {
        if (length > _maxChars)
        {
            throw new JavaScriptException(_rangeError, $"{operation} would build a string beyond {LimitPhrase}");
        }
    }

    private void RequireElements(double count, string operation)
    {
        if (count > _maxElements)
        {
            throw new JavaScriptException(_rangeError, $"{operation} would handle more elements than {LimitPhrase} allows");
        }
    }

    /// <summary>
    /// How many elements flat(depth) produces, counted without allocating and given up once too many. A sub-array
    /// met again (shared rows, a tree of doubled references) is counted once; one met inside itself is endless.
    /// </summary>
    private double CountFlattened(JsValue value, double depth, Dictionary<ObjectInstance, (double Depth, double Count)> counted)
    {
        if (value is not ObjectInstance array)
        {
            return 0;
        }

        if (counted.TryGetValue(array, out var known) && known.Depth == depth)
        {
            return known.Count;
        }

        counted[array] = (depth, double.PositiveInfinity); // still counting: meeting it again inside is a cycle
        var length = ArrayLength(array);
        var count = 0d;
        for (uint i = 0; i < length && count <= _maxElements; i++)
        {
            CheckConstraints(i);
            Meter(1);
            if (!array.HasProperty(i))
            {
                continue;
            }

            var element = array.Get(i);
            count += depth >= 1 && element.IsArray() ? CountFlattened(element, depth - 1, counted) : 1;
        }

        counted[array] = (depth, count);
        return count;
    }

    /// <summary>Array.prototype.join (and toLocaleString) as the spec defines them, stopping at the size budget.</summary>
    private JsString BoundedJoin(JsValue self, JsValue separatorArgument, bool localeAware)
    {
        if (self is not ObjectInstance array)
        {
            throw new JavaScriptException(_engine.Intrinsics.TypeError, "Array.prototype.join called on null or undefined");
        }

        // A cyclic array joins to "" where it recurs, as browsers do, instead of recursing until the stack is gone.
        if (!_arraysBeingJoined.Add(array))
        {
            return JsString.Empty;
        }

        try
        {
            var length = ArrayLength(array);
            var separator = localeAware || separatorArgument.IsUndefined() ? "," : TypeConverter.ToString(separatorArgument);
            RequireChars((length - 1) * separator.Length, "Array.prototype.join");
            var result = new StringBuilder();
            for (uint i = 0; i < length; i++)
            {
                CheckConstraints(i);
                if (i > 0)
                {
                    result.Append(separator);
                }

                var element = array.Get(i);
                var text = element.IsNull() || element.IsUndefined() ? string.Empty
                    : localeAware ? TypeConverter.ToString(_engine.Call(_engine.GetValue(element, "toLocaleString"), element, []))
                    : TypeConverter.ToString(element);
                result.Append(text);
                RequireChars(result.Length, "Array.prototype.join");
                Meter(1);
            }

            return new JsString(result.ToString());
        }
        finally
        {
            _arraysBeingJoined.Remove(array);
        }
    }

    /// <summary>
    /// Lets replace/replaceAll run when even the worst case fits the budget (nearly always); otherwise counts the
    /// matches first. A function replacement is metered as it returns.
    /// </summary>
    private JsValue BoundedReplace(JsValue original, JsValue self, JsValue[] args, string operation)
    {
        var text = TypeConverter.ToString(self);
        var replacement = Argument(args, 1);
        if (replacement.IsCallable())
        {
            long produced = text.Length;
            var metered = new ClrFunction(_engine, "replacer", (replacerThis, replacerArgs) =>
            {
                var value = _engine.Call(replacement, replacerThis, replacerArgs);
                var length = TypeConverter.ToString(value).Length;
                produced += length;
                RequireChars(produced, operation);
                Meter(1);
                return value;
            });
            return _engine.Call(original, self, [Argument(args, 0), metered]);
        }

        var replacementText = TypeConverter.ToString(replacement);
        // "$'" and "$`" insert up to the whole text per match.
        var perMatch = replacementText.Length + (replacementText.Count(c => c == '$') * (double)text.Length);
        if (text.Length + ((text.Length + 1) * perMatch) > _maxChars)
        {
            RequireChars(text.Length + (CountMatches(text, self, Argument(args, 0), all: operation == "replaceAll") * perMatch), "String.prototype." + operation);
        }

        return _engine.Call(original, self, args);
    }

    /// <summary>How many matches replace will substitute: a string pattern is literal text, a RegExp decides itself.</summary>
    private double CountMatches(string text, JsValue self, JsValue pattern, bool all)
    {
        if (pattern.IsRegExp())
        {
            var matches = _engine.Call(Prototype("String").Get("match"), self, [pattern]);
            return matches.IsNull() ? 0 : ArrayLength(matches);
        }

        var literal = TypeConverter.ToString(pattern);
        if (literal.Length == 0)
        {
            return all ? text.Length + 1 : 1;
        }

        var count = 0;
        for (var at = text.IndexOf(literal, StringComparison.Ordinal); at >= 0 && (all || count == 0); at = text.IndexOf(literal, at + literal.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>JSON.stringify with a replacer that meters the text each value will add, indentation included.</summary>
    private JsValue BoundedStringify(JsValue original, JsValue self, JsValue[] args)
    {
        var userReplacer = Argument(args, 1);
        var space = Argument(args, 2);
        var indent = space.IsNumber() ? Math.Clamp((int)TypeConverter.ToIntegerOrInfinity(space), 0, 10)
            : space.IsString() ? Math.Min(10, space.ToString().Length) : 0;
        var depths = new Dictionary<ObjectInstance, int>(ReferenceEqualityComparer.Instance);
        HashSet<string>? allowedKeys = userReplacer.IsArray()
            ? [.. Enumerable.Range(0, (int)Math.Min(ArrayLength(userReplacer), _maxElements)).Select(i => TypeConverter.ToString(userReplacer.AsObject().Get((uint)i)))]
            : null;
        long produced = 0;

        var metered = new ClrFunction(_engine, "replacer", (holder, replacerArgs) =>
        {
            var key = TypeConverter.ToString(Argument(replacerArgs, 0));
            var value = Argument(replacerArgs, 1);
            var holderObject = holder as ObjectInstance;
            if (allowedKeys is not null && holderObject is not null && !holderObject.IsArray() && key.Length > 0 && !allowedKeys.Contains(key))
            {
                return JsValue.Undefined;
            }

            if (userReplacer.IsCallable())
            {
                value = _engine.Call(userReplacer, holder, replacerArgs);
            }

            var depth = holderObject is not null && depths.TryGetValue(holderObject, out var holderDepth) ? holderDepth + 1 : 0;
            if (value is ObjectInstance nested && !depths.ContainsKey(nested))
            {
                depths[nested] = depth;
            }

            var added = key.Length + 4 + ((long)indent * depth) + (value.IsString() ? value.ToString().Length : value is ObjectInstance ? 2 : 24);
            produced += added;
            RequireChars(produced, "JSON.stringify");
            Meter(1);
            return value;
        });

        return _engine.Call(original, self, [Argument(args, 0), metered, space]);
    }

    /// <summary>Counts work done inside built-ins; every so often Jint checks its time and memory limits.</summary>
    private void Meter(long units)
    {
        _workSinceCheck += units;
        if (_workSinceCheck >= WorkPerConstraintCheck)
        {
            _workSinceCheck = 0;
            _engine.Constraints.Check();
        }
    }

    private void CheckConstraints(uint iteration)
    {
        if (iteration % ConstraintCheckInterval == ConstraintCheckInterval - 1)
        {
            _engine.Constraints.Check();
        }
    }
}
