using System.Text;
using Capsule.Runtime.Components.Abi;

namespace Capsule.Runtime.Native;

/// <summary>Calls into wasm without per-value boxing (<c>wasmtime_func_call_unchecked</c>).</summary>
internal static unsafe class CoreCalls
{
    /// <summary>
    /// Calls <paramref name="func"/> with arguments in <paramref name="argsAndResults"/>, where its results
    /// land. The span must be as long as the larger of the function's params and results (the caller
    /// knows its type). A trap or error throws <see cref="CanonTrapException"/> naming <paramref name="what"/>.
    /// </summary>
    public static void Call(IntPtr context, in WasmtimeFunc func, Span<ValRaw> argsAndResults, string what)
    {
        IntPtr error, trap;
        fixed (ValRaw* p = argsAndResults)
        {
            error = CoreFuncNative.wasmtime_func_call_unchecked(context, func, p, (nuint)argsAndResults.Length, out trap);
        }
        if (trap != IntPtr.Zero)
        {
            throw new CanonTrapException($"{what} trapped: {TrapMessage(trap)}");
        }
        if (error != IntPtr.Zero)
        {
            throw new CanonTrapException($"{what} failed: {NativeError.ToException(error, what).Cause}");
        }
    }

    /// <summary>A trap's message; the trap is freed.</summary>
    public static string TrapMessage(IntPtr trap)
    {
        try
        {
            CoreFuncNative.wasm_trap_message(trap, out var message);
            var length = message.Size > 0 && ((byte*)message.Data)[message.Size - 1] == 0 ? message.Size - 1 : message.Size;
            var text = Encoding.UTF8.GetString((byte*)message.Data, checked((int)length));
            ComponentNative.wasm_byte_vec_delete(ref message);
            return text;
        }
        finally
        {
            CoreFuncNative.wasm_trap_delete(trap);
        }
    }

    /// <summary>A new trap for Wasmtime to own: what a host callback returns to trap its caller.</summary>
    public static IntPtr NewTrap(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        fixed (byte* p = bytes)
        {
            return CoreFuncNative.wasmtime_trap_new(p, (nuint)bytes.Length);
        }
    }
}
