using System.Runtime.InteropServices;

namespace Capsule.Runtime.Native;

/// <summary>P/Invoke declarations for component type reflection (wasmtime/component/types/*.h).</summary>
internal static partial class ComponentTypeNative
{
    private const string Library = "wasmtime";

    /// <summary>Item kinds, WASMTIME_COMPONENT_ITEM_*.</summary>
    public enum ItemKind : byte
    {
        Component = 0,
        ComponentInstance = 1,
        Module = 2,
        ComponentFunc = 3,
        Resource = 4,
        CoreFunc = 5,
        Type = 6,
    }

    /// <summary>
    /// wasmtime_component_item_t: a u8 kind and a union whose largest member
    /// (a valtype: u8 kind + pointer) is 16 bytes, so 24 bytes in all. 32 are
    /// reserved so that a larger union in a future version cannot overrun.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 32)]
    public struct Item
    {
        [FieldOffset(0)]
        public ItemKind Kind;

        [FieldOffset(8)]
        public IntPtr Of;
    }

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_component_type(IntPtr component);

    [LibraryImport(Library)]
    public static partial void wasmtime_component_type_delete(IntPtr type);

    [LibraryImport(Library)]
    public static partial nuint wasmtime_component_type_import_count(IntPtr type, IntPtr engine);

    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool wasmtime_component_type_import_nth(
        IntPtr type, IntPtr engine, nuint nth, out IntPtr name, out nuint nameLength, out IntPtr externType);

    [LibraryImport(Library)]
    public static partial nuint wasmtime_component_type_export_count(IntPtr type, IntPtr engine);

    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool wasmtime_component_type_export_nth(
        IntPtr type, IntPtr engine, nuint nth, out IntPtr name, out nuint nameLength, out IntPtr externType);

    [LibraryImport(Library)]
    public static partial void wasmtime_component_extern_type(IntPtr externType, out Item item);

    [LibraryImport(Library)]
    public static partial void wasmtime_component_extern_delete(IntPtr externType);

    [LibraryImport(Library)]
    public static partial void wasmtime_component_item_delete(ref Item item);

    [LibraryImport(Library)]
    public static partial nuint wasmtime_component_instance_type_export_count(IntPtr type, IntPtr engine);

    // In 50.0.1 this hands back a boxed wasmtime_component_extern_t, like the
    // component-level functions, although some header versions say it writes an
    // item in place (measured: treating the pointer as an item crashed).
    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool wasmtime_component_instance_type_export_nth(
        IntPtr type, IntPtr engine, nuint nth, out IntPtr name, out nuint nameLength, out IntPtr externType);
}
