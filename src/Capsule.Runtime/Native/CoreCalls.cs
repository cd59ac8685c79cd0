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

    /// <summary>
    /// Throws unless <paramref name="func"/>'s core type is <paramref name="expected"/>: an unchecked call
    /// trusts its buffer's length, so every function called so is checked once, when it is resolved.
    /// </summary>
    public static void CheckType(IntPtr context, in WasmtimeFunc func, CoreFuncType expected, string what)
    {
        var type = CoreFuncNative.wasmtime_func_type(context, func);
        try
        {
            var actual = new CoreFuncType(Kinds(CoreFuncNative.wasm_functype_params(type)), Kinds(CoreFuncNative.wasm_functype_results(type)));
            if (!actual.SameAs(expected))
            {
                throw new InvalidOperationException($"{what} has type {actual}; the canonical ABI needs {expected}");
            }
        }
        finally
        {
            CoreFuncNative.wasm_functype_delete(type);
        }
    }

    private static List<CoreValType> Kinds(CoreFuncNative.ValtypeVec* vec)
    {
        var kinds = new List<CoreValType>((int)vec->Size);
        for (nuint i = 0; i < vec->Size; i++)
        {
            var kind = CoreFuncNative.wasm_valtype_kind(((IntPtr*)vec->Data)[i]);
            kinds.Add(kind <= (byte)CoreValType.F64 ? (CoreValType)kind : throw new InvalidOperationException($"core value kind {kind} is not a canonical ABI type"));
        }
        return kinds;
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
