using System.Runtime.InteropServices;

namespace Capsule.Runtime.Native;

/// <summary>
/// P/Invoke for core modules (wasmtime/module.h, Wasmtime 50.0.1): compile, serialize for the
/// artifact cache, deserialize a cached artifact, delete. The component layer compiles a component's
/// core modules with these (<c>Components/Running</c>).
/// </summary>
internal static unsafe partial class CoreModuleNative
{
    private const string Library = "wasmtime";

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_module_new(IntPtr engine, byte* wasm, nuint length, out IntPtr module);

    [LibraryImport(Library)]
    public static partial void wasmtime_module_delete(IntPtr module);

    [LibraryImport(Library)]
    public static partial IntPtr wasmtime_module_serialize(IntPtr module, out WasmNameNative serialized);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr wasmtime_module_deserialize_file(IntPtr engine, string path, out IntPtr module);
}
