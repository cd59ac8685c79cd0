using Capsule.Runtime.Components.Abi;
using Capsule.Runtime.Native;

namespace Capsule.Runtime.Tests.Abi;

/// <summary>Core modules in WAT on a real Wasmtime store, with lowered host functions as imports.</summary>
internal static class AbiHosts
{
    public static readonly Wasmtime.Engine Engine = new();

    /// <summary>A host for <paramref name="wat"/> with <paramref name="imports"/> as <c>host</c>'s functions and options (memory, cabi_realloc).</summary>
    public static AbiCoreHost Start(string wat, params LoweredFunction[] imports)
    {
        var host = new AbiCoreHost(Engine, new InstanceState());
        try
        {
            foreach (var function in imports)
            {
                host.Define("host", function.Name, function);
            }
            host.Instantiate(wat, ("memory", wat.Contains("\"cabi_realloc\"", StringComparison.Ordinal) ? "cabi_realloc" : null));
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>Calls <paramref name="name"/> with i32 arguments; returns the i32 result (or 0 without one).</summary>
    public static int CallI32(this AbiCoreHost host, string name, params int[] args)
    {
        Span<ValRaw> slots = stackalloc ValRaw[Math.Max(args.Length, 1)];
        for (var i = 0; i < args.Length; i++)
        {
            slots[i] = ValRaw.FromI32(args[i]);
        }
        host.Call(name, slots);
        return slots[0].I32;
    }

    public static CoreFuncType I32s(int parameters, int results) =>
        new(Enumerable.Repeat(CoreValType.I32, parameters).ToList(), Enumerable.Repeat(CoreValType.I32, results).ToList());
}
