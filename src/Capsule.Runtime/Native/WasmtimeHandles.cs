using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Capsule.Runtime.Native;

/// <summary>
/// The native pointers behind Wasmtime.Dotnet objects, for the C API calls
/// the binding does not wrap. The binding keeps them in an internal
/// <c>NativeHandle</c> property; it is looked up once, and a binding without
/// it fails at start-up with a clear message instead of at first use.
/// Callers keep the managed object alive (GC.KeepAlive) while using the pointer.
/// </summary>
internal static class WasmtimeHandles
{
    private static readonly Func<object, SafeHandle> EngineHandle = Getter(typeof(Wasmtime.Engine));
    private static readonly Func<object, SafeHandle> ComponentHandle = Getter(typeof(Wasmtime.Components.Component));
    private static readonly Func<object, SafeHandle> ConfigHandle = Getter(typeof(Wasmtime.Config));

    public static IntPtr Of(Wasmtime.Engine engine) => EngineHandle(engine).DangerousGetHandle();

    public static IntPtr Of(Wasmtime.Components.Component component) => ComponentHandle(component).DangerousGetHandle();

    public static IntPtr Of(Wasmtime.Config config) => ConfigHandle(config).DangerousGetHandle();

    // The annotation keeps the property when the app is compiled natively (trimmed).
    private static Func<object, SafeHandle> Getter([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.NonPublicProperties)] Type type)
    {
        var property = type.GetProperty("NativeHandle", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException(
                $"Wasmtime.Dotnet's {type.Name} has no NativeHandle; Capsule needs the pinned Wasmtime package version.");
        return instance => (SafeHandle)property.GetValue(instance)!;
    }
}
