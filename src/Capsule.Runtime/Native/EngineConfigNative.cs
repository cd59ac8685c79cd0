using System.Runtime.InteropServices;

namespace Capsule.Runtime.Native;

/// <summary>Engine configuration the .NET binding does not wrap (wasmtime/config.h).</summary>
internal static partial class EngineConfigNative
{
    /// <summary>Sets component-model concurrency support on <paramref name="config"/> (see EngineSettings.ConcurrencySupport).</summary>
    public static void SetConcurrencySupport(Wasmtime.Config config, bool enabled)
    {
        wasmtime_config_concurrency_support_set(WasmtimeHandles.Of(config), enabled);
        GC.KeepAlive(config);
    }

    [LibraryImport("wasmtime")]
    private static partial void wasmtime_config_concurrency_support_set(IntPtr config, [MarshalAs(UnmanagedType.U1)] bool enabled);
}
