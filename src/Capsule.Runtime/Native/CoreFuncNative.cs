using System.Runtime.InteropServices;

namespace Capsule.Runtime.Native;

/// <summary>
/// P/Invoke for the core C API pieces the canonical ABI layer needs (wasmtime/func.h, memory.h,
/// linker.h, trap.h; Wasmtime 50.0.1): host functions without per-value boxing
/// (<c>*_unchecked</c>), raw calls into wasm, a memory's base and size, the caller's exports.
/// Declarations that h-reader's files may also hold carry the <c>Abi</c> prefix in their C# name.
/// </summary>
internal static unsafe partial class CoreFuncNative
{
    private const string Library = "wasmtime";

    /// <summary>WASMTIME_EXTERN_FUNC, the kind byte of a function in a <see cref="WasmtimeExtern"/>.</summary>
    public const byte ExternFunc = 0;

    /// <summary>WASMTIME_EXTERN_MEMORY.</summary>
    public const byte ExternMemory = 3;

    // ---- host functions and calls -------------------------------------------

    [LibraryImport(Library)]
    public static partial void wasmtime_func_new_unchecked(
        IntPtr context, IntPtr functype, delegate* unmanaged<IntPtr, IntPtr, Components.Abi.ValRaw*, nuint, IntPtr> callback,
        IntPtr env, delegate* unmanaged<IntPtr, void> finalizer, out WasmtimeFunc func);

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_linker_define_func_unchecked(
        IntPtr linker, byte* module, nuint moduleLength, byte* name, nuint nameLength, IntPtr functype,
        delegate* unmanaged<IntPtr, IntPtr, Components.Abi.ValRaw*, nuint, IntPtr> callback, IntPtr data, delegate* unmanaged<IntPtr, void> finalizer);

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_func_call_unchecked(
        IntPtr context, in WasmtimeFunc func, Components.Abi.ValRaw* argsAndResults, nuint argsAndResultsLength, out IntPtr trap);

    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool wasmtime_caller_export_get(IntPtr caller, byte* name, nuint nameLength, out WasmtimeExtern item);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial IntPtr wasmtime_caller_context(IntPtr caller);

    // ---- memory -------------------------------------------------------------

    // Field reads on the store: no GC transition (called on every lowering that touches memory).
    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial byte* wasmtime_memory_data(IntPtr context, in WasmtimeMemory memory);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial nuint wasmtime_memory_data_size(IntPtr context, in WasmtimeMemory memory);

    // ---- function types -----------------------------------------------------

    [LibraryImport(Library)]
    public static partial IntPtr wasm_valtype_new(byte kind);

    [LibraryImport(Library)]
    public static partial void wasm_valtype_vec_new(out ValtypeVec vec, nuint size, IntPtr* data);

    [LibraryImport(Library)]
    public static partial IntPtr wasm_functype_new(ref ValtypeVec parameters, ref ValtypeVec results);

    [LibraryImport(Library)]
    public static partial void wasm_functype_delete(IntPtr functype);

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_func_type(IntPtr context, in WasmtimeFunc func);

    [LibraryImport(Library)]
    public static partial ValtypeVec* wasm_functype_params(IntPtr functype);

    [LibraryImport(Library)]
    public static partial ValtypeVec* wasm_functype_results(IntPtr functype);

    [LibraryImport(Library)]
    public static partial byte wasm_valtype_kind(IntPtr valtype);

    // ---- traps --------------------------------------------------------------

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_trap_new(byte* message, nuint length);

    [LibraryImport(Library)]
    public static partial void wasm_trap_message(IntPtr trap, out WasmNameNative message);

    [LibraryImport(Library)]
    public static partial void wasm_trap_delete(IntPtr trap);

    // ---- a minimal core host (the ABI layer's tests and bench; h-reader's Running is the real one) ----

    [LibraryImport(Library, EntryPoint = "wasmtime_wat2wasm")]
    public static partial IntPtr AbiWat2Wasm(byte* wat, nuint length, out WasmNameNative wasm);

    [LibraryImport(Library, EntryPoint = "wasmtime_module_new")]
    public static partial IntPtr AbiModuleNew(IntPtr engine, byte* wasm, nuint length, out IntPtr module);

    [LibraryImport(Library, EntryPoint = "wasmtime_module_delete")]
    public static partial void AbiModuleDelete(IntPtr module);

    [LibraryImport(Library, EntryPoint = "wasmtime_linker_new")]
    public static partial IntPtr AbiLinkerNew(IntPtr engine);

    [LibraryImport(Library, EntryPoint = "wasmtime_linker_delete")]
    public static partial void AbiLinkerDelete(IntPtr linker);

    [LibraryImport(Library, EntryPoint = "wasmtime_linker_instantiate")]
    public static partial IntPtr AbiLinkerInstantiate(IntPtr linker, IntPtr context, IntPtr module, out WasmtimeInstance instance, out IntPtr trap);

    [LibraryImport(Library, EntryPoint = "wasmtime_instance_export_get")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool AbiInstanceExportGet(IntPtr context, in WasmtimeInstance instance, byte* name, nuint nameLength, out WasmtimeExtern item);

    /// <summary>wasm_valtype_vec_t.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ValtypeVec
    {
        public nuint Size;
        public IntPtr Data;
    }
}

/// <summary>wasmtime_func_t: a function of a store (16 bytes: store id, private index).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct WasmtimeFunc
{
    /// <summary>The store's id; zero means no function.</summary>
    public ulong StoreId;

    /// <summary>Wasmtime's private part.</summary>
    public IntPtr Private;
}

/// <summary>wasmtime_memory_t: a memory of a store (24 bytes with the C struct's padding).</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct WasmtimeMemory
{
    /// <summary>The store's id; zero means no memory.</summary>
    [FieldOffset(0)] public ulong StoreId;

    /// <summary>Wasmtime's private part.</summary>
    [FieldOffset(8)] public ulong Private1;

    /// <summary>Wasmtime's private part.</summary>
    [FieldOffset(16)] public uint Private2;
}

/// <summary>wasmtime_instance_t: a core instance of a store (16 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct WasmtimeInstance
{
    /// <summary>The store's id.</summary>
    public ulong StoreId;

    /// <summary>Wasmtime's private part.</summary>
    public IntPtr Private;
}

/// <summary>wasmtime_extern_t: a kind byte, then the item at offset 8 (32 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
internal struct WasmtimeExtern
{
    /// <summary>WASMTIME_EXTERN_* kind.</summary>
    [FieldOffset(0)] public byte Kind;

    /// <summary>The item when <see cref="Kind"/> is a function.</summary>
    [FieldOffset(8)] public WasmtimeFunc Func;

    /// <summary>The item when <see cref="Kind"/> is a memory.</summary>
    [FieldOffset(8)] public WasmtimeMemory Memory;
}
