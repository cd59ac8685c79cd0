using Capsule.Runtime.Artifacts;
using Capsule.Runtime.Native;

namespace Capsule.Runtime.Components.Running;

/// <summary>A core module compiled on the core C API (<c>wasmtime_module_t</c>), owned until disposed.</summary>
internal sealed class CompiledCoreModule(IntPtr handle) : IDisposable
{
    /// <summary>The native module; zero once disposed.</summary>
    public IntPtr Handle { get; private set; } = handle;

    /// <summary>Deletes the native module (instances made from it keep what they need).</summary>
    public void Dispose()
    {
        if (Handle != IntPtr.Zero)
        {
            CoreModuleNative.wasmtime_module_delete(Handle);
            Handle = IntPtr.Zero;
        }
    }
}

/// <summary>
/// Compiles and (de)serializes a component's core modules for the artifact cache: entries of kind
/// <see cref="Loading.WasmKind.CoreModule"/>, keyed by the module's bytes and the engine fingerprint like
/// any core module's (the serialized form is Wasmtime's, whichever API made it).
/// </summary>
internal sealed unsafe class CoreModuleCodec(Wasmtime.Engine engine) : IArtifactCodec<CompiledCoreModule>
{
    public CompiledCoreModule Compile(byte[] wasm)
    {
        IntPtr error, module;
        fixed (byte* p = wasm)
        {
            error = CoreModuleNative.wasmtime_module_new(WasmtimeHandles.Of(engine), p, (nuint)wasm.Length, out module);
        }
        ThrowIfError(error, "compile");
        return new CompiledCoreModule(module);
    }

    public byte[] Serialize(CompiledCoreModule artifact)
    {
        ThrowIfError(CoreModuleNative.wasmtime_module_serialize(artifact.Handle, out var bytes), "serialize");
        try
        {
            return new ReadOnlySpan<byte>((void*)bytes.Data, checked((int)bytes.Size)).ToArray();
        }
        finally
        {
            ComponentNative.wasm_byte_vec_delete(ref bytes);
        }
    }

    public CompiledCoreModule DeserializeFile(string path)
    {
        ThrowIfError(CoreModuleNative.wasmtime_module_deserialize_file(WasmtimeHandles.Of(engine), path, out var module), "deserialize");
        return new CompiledCoreModule(module);
    }

    // The cache's contract: Wasmtime's refusals are WasmtimeExceptions (a rejected entry is rebuilt).
    private static void ThrowIfError(IntPtr error, string action)
    {
        if (error != IntPtr.Zero)
        {
            throw new Wasmtime.WasmtimeException(NativeError.ToException(error, action).Cause);
        }
    }
}
