using System.Runtime.InteropServices;
using System.Text;
using Capsule.Runtime.Components.Abi;

namespace Capsule.Runtime.Native;

/// <summary>
/// Defines <see cref="LoweredFunction"/>s as core host functions (<c>*_unchecked</c>: flat values, no
/// boxing) and is their native entry point. The trampoline finds the store's <see cref="InstanceState"/>,
/// checks <c>may_leave</c>, builds the <see cref="CanonCall"/>, runs the lowering and ends the call's
/// lends; an exception never unwinds into Wasmtime: it becomes a trap with its message, and stays as
/// <see cref="InstanceState.LastHostException"/>.
/// </summary>
internal static unsafe class LoweredCallbacks
{
    /// <summary>A lowered function bound to the canonical options slot its import uses.</summary>
    public sealed record Target(string QualifiedName, LoweredFunction Function, int OptionsSlot);

    /// <summary>
    /// Defines <paramref name="function"/> as <c>(import module name)</c> in a core linker; its traps name it
    /// <paramref name="qualifiedName"/> (by default <c>module#name</c>).
    /// </summary>
    public static void DefineOnLinker(IntPtr linker, string module, string name, LoweredFunction function, int optionsSlot, string? qualifiedName = null)
    {
        var moduleBytes = Encoding.UTF8.GetBytes(module);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var functype = NewFunctype(function.CoreType);
        var target = GCHandle.ToIntPtr(GCHandle.Alloc(new Target(qualifiedName ?? $"{module}#{name}", function, optionsSlot)));
        try
        {
            fixed (byte* m = moduleBytes)
            fixed (byte* n = nameBytes)
            {
                var error = CoreFuncNative.wasmtime_linker_define_func_unchecked(
                    linker, m, (nuint)moduleBytes.Length, n, (nuint)nameBytes.Length, functype, &Invoke, target, &HostCallbacks.FreeTarget);
                NativeError.ThrowIfError(error, $"define {module}#{name}");
            }
        }
        finally
        {
            CoreFuncNative.wasm_functype_delete(functype);
        }
    }

    /// <summary>A <c>wasm_functype_t</c> for <paramref name="type"/>; the caller deletes it.</summary>
    public static IntPtr NewFunctype(CoreFuncType type)
    {
        var parameters = NewValtypes(type.Params);
        var results = NewValtypes(type.Results);
        return CoreFuncNative.wasm_functype_new(ref parameters, ref results); // takes both vectors
    }

    private static CoreFuncNative.ValtypeVec NewValtypes(IReadOnlyList<CoreValType> types)
    {
        var items = stackalloc IntPtr[Math.Max(types.Count, 1)];
        for (var i = 0; i < types.Count; i++)
        {
            items[i] = CoreFuncNative.wasm_valtype_new((byte)types[i]); // WASM_I32..WASM_F64 are 0..3, as CoreValType
        }
        CoreFuncNative.wasm_valtype_vec_new(out var vec, (nuint)types.Count, items);
        return vec;
    }

    [UnmanagedCallersOnly]
    private static IntPtr Invoke(IntPtr env, IntPtr caller, ValRaw* argsAndResults, nuint count)
    {
        var target = (Target)GCHandle.FromIntPtr(env).Target!;
        InstanceState? state = null;
        try
        {
            var context = CoreFuncNative.wasmtime_caller_context(caller);
            state = InstanceState.FromContext(context);
            if (!state.MayLeave)
            {
                throw new CanonTrapException("cannot leave the instance while it runs realloc or post-return");
            }
            if ((uint)target.OptionsSlot >= (uint)state.Options.Count)
            {
                throw new InvalidOperationException($"canonical options slot {target.OptionsSlot} is not resolved in this instance");
            }
            var call = new CanonCall(context, state, state.Options[target.OptionsSlot]);
            var mark = state.Handles.LendMark;
            try
            {
                // count is Wasmtime's: max(params, results) of the type the function was defined with.
                target.Function.Call(ref call, new Span<ValRaw>(argsAndResults, (int)count));
            }
            finally
            {
                state.Handles.EndLends(mark);
            }
            return IntPtr.Zero;
        }
        catch (Exception e)
        {
            state?.LastHostException = e;
            return CoreCalls.NewTrap(e is CanonTrapException
                ? $"{target.QualifiedName}: {e.Message}"
                : $"host function {target.QualifiedName} failed: {e.GetType().Name}: {e.Message}");
        }
    }
}
