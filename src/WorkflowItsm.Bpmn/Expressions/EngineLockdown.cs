using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;

namespace WorkflowItsm.Bpmn.Expressions;

/// <summary>
/// Hardens a fresh engine before its first run: built-ins that could allocate past the memory limit in one call are
/// removed (binary buffers) or bounded (<see cref="BoundedBuiltIns"/>); then every built-in is frozen, so that no
/// run can change what the next one sees (assigning <c>Array.prototype.map</c> fails instead of poisoning another
/// process instance).
/// </summary>
internal static class EngineLockdown
{
    /// <summary>Binary buffers and GC-observing objects: no use in a process script, and each a way around a limit.</summary>
    private static readonly string[] RemovedGlobals = ["ArrayBuffer", "SharedArrayBuffer", "DataView", "Atomics", "WeakRef", "FinalizationRegistry"];

    public static void Apply(Engine engine, ScriptSandboxOptions options)
    {
        RemoveBinaryData(engine);
        BoundedBuiltIns.Apply(engine, maxChars: options.MemoryLimitBytes / sizeof(char), maxElements: MaxElements(options));
        FreezeBuiltIns(engine);
    }

    /// <summary>A JavaScript value slot takes 16 bytes, so more elements than this cannot fit the memory limit.</summary>
    public static uint MaxElements(ScriptSandboxOptions options) => (uint)Math.Clamp(options.MemoryLimitBytes / 16, 1024, uint.MaxValue);

    private static void RemoveBinaryData(Engine engine)
    {
        foreach (var key in engine.Global.GetOwnPropertyKeys(Types.String))
        {
            var name = key.ToString();
            if (RemovedGlobals.Contains(name) || (name.EndsWith("Array", StringComparison.Ordinal) && name != "Array"))
            {
                engine.Global.RemoveOwnProperty(key);
            }
        }
    }

    /// <summary>
    /// Makes every global binding read-only and freezes every object reachable from it, except the global object
    /// itself, which takes the variables of each run.
    /// </summary>
    private static void FreezeBuiltIns(Engine engine)
    {
        var freeze = engine.Intrinsics.Object.Get("freeze");
        var global = engine.Global;
        var pending = new Stack<ObjectInstance>();
        var frozen = new HashSet<ObjectInstance>(ReferenceEqualityComparer.Instance) { global };

        foreach (var (key, descriptor) in global.GetOwnProperties().ToList())
        {
            if (descriptor.IsDataDescriptor())
            {
                global.DefineOwnProperty(key, new PropertyDescriptor(descriptor.Value, writable: false, descriptor.Enumerable, configurable: false));
            }

            PushObjects(descriptor, pending);
        }

        while (pending.TryPop(out var obj))
        {
            if (!frozen.Add(obj))
            {
                continue;
            }

            engine.Call(freeze, obj);
            foreach (var (_, descriptor) in obj.GetOwnProperties())
            {
                PushObjects(descriptor, pending);
            }

            if (obj.Prototype is { } prototype)
            {
                pending.Push(prototype);
            }
        }
    }

    private static void PushObjects(PropertyDescriptor descriptor, Stack<ObjectInstance> pending)
    {
        if (descriptor.IsAccessorDescriptor())
        {
            if (descriptor.Get is ObjectInstance getter)
            {
                pending.Push(getter);
            }

            if (descriptor.Set is ObjectInstance setter)
            {
                pending.Push(setter);
            }
        }
        else if (descriptor.Value is ObjectInstance value)
        {
            pending.Push(value);
        }
    }
}
