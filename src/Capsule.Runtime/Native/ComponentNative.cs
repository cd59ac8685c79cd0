using System.Runtime.InteropServices;

namespace Capsule.Runtime.Native;

/// <summary>
/// P/Invoke declarations for component linking, stores, functions, values and
/// host resources (wasmtime/component/*.h, wasmtime/store.h). Signatures match
/// the Wasmtime 50.0.1 library that the pinned NuGet package ships.
/// </summary>
internal static unsafe partial class ComponentNative
{
    private const string Library = "wasmtime";


    // ---- stores -------------------------------------------------------------

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_store_new(IntPtr engine, IntPtr data, delegate* unmanaged<IntPtr, void> finalizer);

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_store_context(IntPtr store);

    [LibraryImport(Library)]
    public static partial void wasmtime_store_delete(IntPtr store);

    [LibraryImport(Library)]
    public static partial void wasmtime_store_limiter(IntPtr store, long memorySize, long tableElements, long instances, long tables, long memories);

    // A field read: no GC transition needed (called several times per host call).
    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial IntPtr wasmtime_context_get_data(IntPtr context);

    [LibraryImport(Library)]
    public static partial void wasmtime_context_set_epoch_deadline(IntPtr context, ulong ticksBeyondCurrent);

    [LibraryImport(Library)]
    public static partial void wasmtime_store_epoch_deadline_callback(
        IntPtr store, delegate* unmanaged<IntPtr, IntPtr, ulong*, byte*, IntPtr> callback, IntPtr data, delegate* unmanaged<IntPtr, void> finalizer);

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_context_set_fuel(IntPtr context, ulong fuel);

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_context_get_fuel(IntPtr context, ulong* fuel);

    // ---- linker -------------------------------------------------------------

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_component_linker_new(IntPtr engine);

    [LibraryImport(Library)]
    public static partial void wasmtime_component_linker_delete(IntPtr linker);

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_component_linker_root(IntPtr linker);

    [LibraryImport(Library)]
    public static partial void wasmtime_component_linker_instance_delete(IntPtr linkerInstance);

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_component_linker_instance_add_instance(IntPtr linkerInstance, byte* name, nuint nameLength, out IntPtr instanceOut);

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_component_linker_instance_add_func(
        IntPtr linkerInstance,
        byte* name,
        nuint nameLength,
        delegate* unmanaged<IntPtr, IntPtr, IntPtr, ComponentValNative*, nuint, ComponentValNative*, nuint, IntPtr> callback,
        IntPtr data,
        delegate* unmanaged<IntPtr, void> finalizer);

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_component_linker_instance_add_resource(
        IntPtr linkerInstance,
        byte* name,
        nuint nameLength,
        IntPtr resourceType,
        delegate* unmanaged<IntPtr, IntPtr, uint, IntPtr> destructor,
        IntPtr data,
        delegate* unmanaged<IntPtr, void> finalizer);

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_component_linker_define_unknown_imports_as_traps(IntPtr linker, IntPtr component);

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_component_linker_instantiate(IntPtr linker, IntPtr context, IntPtr component, out ComponentInstanceNative instance);

    // ---- instances and functions ---------------------------------------------

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_component_instance_get_export_index(
        in ComponentInstanceNative instance, IntPtr context, IntPtr parentIndex, byte* name, nuint nameLength);

    [LibraryImport(Library)]
    public static partial void wasmtime_component_export_index_delete(IntPtr exportIndex);

    // An export's index from the component itself: valid for every instance of it.
    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_component_get_export_index(IntPtr component, IntPtr parentIndex, byte* name, nuint nameLength);

    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool wasmtime_component_instance_get_func(
        in ComponentInstanceNative instance, IntPtr context, IntPtr exportIndex, out ComponentFuncNative func);

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_component_func_call(
        in ComponentFuncNative func, IntPtr context, ComponentValNative* args, nuint argCount, ComponentValNative* results, nuint resultCount);

    // ---- values ---------------------------------------------------------------

    [LibraryImport(Library)]
    public static partial void wasmtime_component_val_delete(ComponentValNative* value);

    [LibraryImport(Library)]
    public static partial ComponentValNative* wasmtime_component_val_new(ComponentValNative* value);

    [LibraryImport(Library)]
    public static partial void wasmtime_component_vallist_new_uninit(ComponentValNative* listOut, nuint size);

    [LibraryImport(Library)]
    public static partial void wasmtime_component_valrecord_new_uninit(ComponentValNative* recordOut, nuint size);

    [LibraryImport(Library)]
    public static partial void wasmtime_component_valflags_new_uninit(ComponentValNative* flagsOut, nuint size);

    [LibraryImport(Library)]
    public static partial void wasmtime_component_valtuple_new_uninit(ComponentValNative* tupleOut, nuint size);

    [LibraryImport(Library)]
    public static partial void wasm_byte_vec_new(void* vecOut, nuint size, byte* data);

    // ---- resources --------------------------------------------------------------

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_component_resource_type_new_host(uint type);

    [LibraryImport(Library)]
    public static partial void wasmtime_component_resource_type_delete(IntPtr type);

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_component_resource_host_new([MarshalAs(UnmanagedType.U1)] bool owned, uint rep, uint type);

    [LibraryImport(Library)]
    public static partial void wasmtime_component_resource_host_delete(IntPtr host);

    // A field read: no GC transition needed (called several times per host call).
    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial uint wasmtime_component_resource_host_rep(IntPtr host);

    // A field read: no GC transition needed (called several times per host call).
    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial uint wasmtime_component_resource_host_type(IntPtr host);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool wasmtime_component_resource_host_owned(IntPtr host);

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_component_resource_host_to_any(IntPtr context, IntPtr host, out IntPtr anyOut);

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_component_resource_any_to_host(IntPtr context, IntPtr any, out IntPtr hostOut);

    // ---- errors -----------------------------------------------------------------

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_error_new(byte* message);

    [LibraryImport(Library)]
    public static partial void wasmtime_error_message(IntPtr error, out WasmNameNative message);

    [LibraryImport(Library)]
    public static partial void wasmtime_error_delete(IntPtr error);

    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool wasmtime_error_exit_status(IntPtr error, out int status);

    [LibraryImport(Library)]
    public static partial void wasm_byte_vec_delete(ref WasmNameNative vec);
}

/// <summary><c>wasm_byte_vec_t</c> / <c>wasm_name_t</c>: size then data pointer.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct WasmNameNative
{
    public nuint Size;
    public IntPtr Data;
}

/// <summary><c>wasmtime_component_instance_t</c>: 16 bytes (store id + index), measured on 50.0.1.</summary>
[StructLayout(LayoutKind.Sequential, Size = 16)]
internal struct ComponentInstanceNative
{
    public ulong StoreId;
    public ulong Index;
}

/// <summary><c>wasmtime_component_func_t</c>: 32 bytes on 50.0.1 (24 in older headers corrupted the stack).</summary>
[StructLayout(LayoutKind.Sequential, Size = 32)]
internal struct ComponentFuncNative
{
    public ulong A;
    public ulong B;
    public ulong C;
    public ulong D;
}
