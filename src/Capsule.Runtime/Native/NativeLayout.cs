using Capsule.Runtime.Engine;

namespace Capsule.Runtime.Native;

/// <summary>
/// Checks, once per process, that the native library lays values out the way
/// this binding was written for (Wasmtime 50.0.1): a mismatch would corrupt
/// memory silently, so it fails fast with a clear message instead.
/// </summary>
internal static unsafe class NativeLayout
{
    public const string ExpectedWasmtimeVersion = "50.0.1";

    private static readonly Lazy<string?> Problem = new(Check);

    public static void Verify()
    {
        if (Problem.Value is { } problem)
        {
            throw new InvalidOperationException(
                $"Capsule's native binding does not match the Wasmtime library: {problem}. Capsule needs Wasmtime {ExpectedWasmtimeVersion}.");
        }
    }

    private static string? Check()
    {
        if (EngineFingerprint.WasmtimeVersion != ExpectedWasmtimeVersion)
        {
            return $"the Wasmtime package is {EngineFingerprint.WasmtimeVersion}";
        }
        if (sizeof(ComponentValNative) != 32 || sizeof(ComponentFuncNative) != 32 || sizeof(ComponentInstanceNative) != 16)
        {
            return "struct sizes differ from 32/32/16 bytes";
        }
        // A list written by Wasmtime's allocator must read back as {size @8, pointer @16}.
        var value = default(ComponentValNative);
        value.Kind = ComponentValKind.List;
        ComponentNative.wasmtime_component_vallist_new_uninit((ComponentValNative*)((byte*)&value + 8), 3);
        var ok = value.Length == 3 && value.Data != IntPtr.Zero;
        new Span<byte>((void*)value.Data, 3 * ComponentValNative.Size).Clear();
        ComponentNative.wasmtime_component_val_delete(&value);
        return ok ? null : "a list value does not have its length at offset 8 and its elements at 16";
    }
}
