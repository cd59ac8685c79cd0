using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;

namespace Capsule.Runtime.Native;

/// <summary>
/// A component's export indices, looked up by name once per compiled copy
/// (an index is valid for every instance of that component) instead of twice
/// per call with UTF-8 names through the C API. Keyed weakly: a dropped
/// component's indices are freed with it. Thread-safe.
/// </summary>
internal static unsafe class ExportIndexCache
{
    private static readonly ConditionalWeakTable<Wasmtime.Components.Component, Indices> ByComponent = new();

    /// <summary>The index of <paramref name="function"/> in <paramref name="interfaceName"/> (or a root export), or zero when there is none.</summary>
    public static IntPtr Find(Wasmtime.Components.Component component, string? interfaceName, string function) =>
        ByComponent.GetOrCreateValue(component).Find(component, interfaceName, function);

    private sealed class Indices
    {
        private readonly ConcurrentDictionary<(string?, string), IntPtr> _found = new();

        public IntPtr Find(Wasmtime.Components.Component component, string? interfaceName, string function) =>
            _found.TryGetValue((interfaceName, function), out var index) ? index : Add(component, interfaceName, function);

        private IntPtr Add(Wasmtime.Components.Component component, string? interfaceName, string function)
        {
            lock (_found)
            {
                if (_found.TryGetValue((interfaceName, function), out var index))
                {
                    return index;
                }
                var parent = interfaceName is null ? IntPtr.Zero : Lookup(component, IntPtr.Zero, interfaceName);
                index = interfaceName is not null && parent == IntPtr.Zero ? IntPtr.Zero : Lookup(component, parent, function);
                if (parent != IntPtr.Zero)
                {
                    ComponentNative.wasmtime_component_export_index_delete(parent);
                }
                _found[(interfaceName, function)] = index;
                return index;
            }
        }

        private static IntPtr Lookup(Wasmtime.Components.Component component, IntPtr parent, string name)
        {
            var bytes = Encoding.UTF8.GetBytes(name);
            fixed (byte* p = bytes)
            {
                var index = ComponentNative.wasmtime_component_get_export_index(WasmtimeHandles.Of(component), parent, p, (nuint)bytes.Length);
                GC.KeepAlive(component);
                return index;
            }
        }

        ~Indices()
        {
            foreach (var index in _found.Values.Where(i => i != IntPtr.Zero))
            {
                ComponentNative.wasmtime_component_export_index_delete(index);
            }
        }
    }
}
