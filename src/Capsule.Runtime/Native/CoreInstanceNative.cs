using System.Runtime.InteropServices;

namespace Capsule.Runtime.Native;

/// <summary>
/// P/Invoke for core linkers, instances and InstancePres (wasmtime/linker.h, instance.h; Wasmtime
/// 50.0.1), as the component layer's runner uses them. Exports are looked up by name only:
/// <c>wasmtime_instance_export_nth</c> walks the export list on every call.
/// </summary>
internal static unsafe partial class CoreInstanceNative
{
    private const string Library = "wasmtime";

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_linker_new(IntPtr engine);

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_linker_clone(IntPtr linker);

    [LibraryImport(Library)]
    public static partial void wasmtime_linker_delete(IntPtr linker);

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_linker_define(
        IntPtr linker, IntPtr context, byte* module, nuint moduleLength, byte* name, nuint nameLength, in WasmtimeExtern item);

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_linker_instantiate(IntPtr linker, IntPtr context, IntPtr module, out WasmtimeInstance instance, out IntPtr trap);

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_linker_instantiate_pre(IntPtr linker, IntPtr module, out IntPtr instancePre);

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_instance_pre_instantiate(IntPtr instancePre, IntPtr context, out WasmtimeInstance instance, out IntPtr trap);

    [LibraryImport(Library)]
    public static partial void wasmtime_instance_pre_delete(IntPtr instancePre);

    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool wasmtime_instance_export_get(IntPtr context, in WasmtimeInstance instance, byte* name, nuint nameLength, out WasmtimeExtern item);
}
