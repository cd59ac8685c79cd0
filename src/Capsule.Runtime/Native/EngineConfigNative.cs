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

    /// <summary>
    /// Sets the compiler (wasmtime_strategy_t: 1 Cranelift, 2 Winch). The binding's
    /// <c>WithCompilerStrategy</c> accepts only the values its enum names (Auto, Cranelift).
    /// </summary>
    public static void SetStrategy(Wasmtime.Config config, Engine.WasmCompiler compiler)
    {
        wasmtime_config_strategy_set(WasmtimeHandles.Of(config), compiler == Engine.WasmCompiler.Winch ? (byte)2 : (byte)1);
        GC.KeepAlive(config);
    }

    [LibraryImport("wasmtime")]
    private static partial void wasmtime_config_strategy_set(IntPtr config, byte strategy);

    [LibraryImport("wasmtime")]
    private static partial void wasmtime_config_concurrency_support_set(IntPtr config, [MarshalAs(UnmanagedType.U1)] bool enabled);
}
