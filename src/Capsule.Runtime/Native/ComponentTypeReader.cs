using System.Text;
using static Capsule.Runtime.Native.ComponentTypeNative;

namespace Capsule.Runtime.Native;

/// <summary>One import or export of a component: its name, kind and, for an instance, its members.</summary>
internal sealed record ComponentItemInfo(string Name, ItemKind Kind, IReadOnlyList<string> Members);

/// <summary>
/// Reads a component's imports and exports through the C API's type
/// reflection, which the .NET binding does not wrap. Frees every native
/// object it is handed; the strings are copied before their owner is freed.
/// </summary>
internal static class ComponentTypeReader
{
    public static (IReadOnlyList<ComponentItemInfo> Imports, IReadOnlyList<ComponentItemInfo> Exports) Read(
        Wasmtime.Engine engine, Wasmtime.Components.Component component)
    {
        var enginePtr = WasmtimeHandles.Of(engine);
        var type = wasmtime_component_type(WasmtimeHandles.Of(component));
        try
        {
            var imports = ReadItems(type, enginePtr, wasmtime_component_type_import_count, wasmtime_component_type_import_nth);
            var exports = ReadItems(type, enginePtr, wasmtime_component_type_export_count, wasmtime_component_type_export_nth);
            return (imports, exports);
        }
        finally
        {
            wasmtime_component_type_delete(type);
            GC.KeepAlive(engine);
            GC.KeepAlive(component);
        }
    }

    private delegate nuint CountFn(IntPtr type, IntPtr engine);

    private delegate bool NthFn(IntPtr type, IntPtr engine, nuint nth, out IntPtr name, out nuint nameLength, out IntPtr externType);

    private static List<ComponentItemInfo> ReadItems(IntPtr type, IntPtr engine, CountFn count, NthFn nth)
    {
        var items = new List<ComponentItemInfo>();
        var total = count(type, engine);
        for (nuint i = 0; i < total; i++)
        {
            if (nth(type, engine, i, out var namePtr, out var nameLength, out var externType))
            {
                var name = Utf8(namePtr, nameLength);
                var (kind, members) = ReadExtern(externType, engine, withMembers: true);
                items.Add(new ComponentItemInfo(name, kind, members));
            }
        }
        return items;
    }

    // Reads and frees one extern; lists an instance's functions and resources
    // (types are noise to a reader) when asked.
    private static (ItemKind Kind, List<string> Members) ReadExtern(IntPtr externType, IntPtr engine, bool withMembers)
    {
        try
        {
            wasmtime_component_extern_type(externType, out var item);
            try
            {
                var members = withMembers && item.Kind == ItemKind.ComponentInstance ? InstanceMembers(item.Of, engine) : [];
                return (item.Kind, members);
            }
            finally
            {
                wasmtime_component_item_delete(ref item);
            }
        }
        finally
        {
            wasmtime_component_extern_delete(externType);
        }
    }

    private static List<string> InstanceMembers(IntPtr instanceType, IntPtr engine)
    {
        var members = new List<string>();
        var total = wasmtime_component_instance_type_export_count(instanceType, engine);
        for (nuint i = 0; i < total; i++)
        {
            if (wasmtime_component_instance_type_export_nth(instanceType, engine, i, out var namePtr, out var nameLength, out var externType))
            {
                var name = Utf8(namePtr, nameLength);
                var (kind, _) = ReadExtern(externType, engine, withMembers: false);
                if (kind is ItemKind.ComponentFunc or ItemKind.Resource)
                {
                    members.Add(kind == ItemKind.Resource ? $"{name} (resource)" : name);
                }
            }
        }
        return members;
    }

    private static unsafe string Utf8(IntPtr pointer, nuint length) =>
        Encoding.UTF8.GetString((byte*)pointer, checked((int)length));
}
