using System.Runtime.InteropServices;

namespace Capsule.Runtime.Native;

/// <summary>Walks a core instance's exports by position (wasmtime/instance.h), to find its memories.</summary>
internal static unsafe partial class MemoryExports
{
    /// <summary>WASMTIME_EXTERN_MEMORY.</summary>
    public const byte MemoryKind = 3;

    private const byte SharedMemoryKind = 4;

    /// <summary>The export at <paramref name="index"/>; false past the last.</summary>
    public static bool Nth(IntPtr context, in WasmtimeInstance instance, nuint index, out WasmtimeExtern item)
    {
        byte* name;
        nuint length;
        return wasmtime_instance_export_nth(context, instance, index, &name, &length, out item);
    }

    /// <summary>Frees what an export owns (only a shared memory owns anything).</summary>
    public static void Release(ref WasmtimeExtern item)
    {
        if (item.Kind == SharedMemoryKind)
        {
            wasmtime_extern_delete(ref item);
        }
    }

    [LibraryImport("wasmtime")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static partial bool wasmtime_instance_export_nth(IntPtr context, in WasmtimeInstance instance, nuint index, byte** name, nuint* nameLength, out WasmtimeExtern item);

    [LibraryImport("wasmtime")]
    private static partial void wasmtime_extern_delete(ref WasmtimeExtern item);
}
