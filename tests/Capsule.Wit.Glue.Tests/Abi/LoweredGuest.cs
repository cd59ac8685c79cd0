using System.Text;
using Capsule.Runtime.Components.Abi;
using Capsule.Runtime.Native;

namespace Capsule.Wit.Glue.Tests.Abi;

/// <summary>
/// A real core module for a generated <c>LoweredInterface</c>: it imports every lowered function and re-exports it
/// under its own name, with a memory and a bump allocator from 4096 (<c>cabi_realloc</c>), on a Wasmtime store.
/// </summary>
internal static class LoweredGuest
{
    public static readonly Wasmtime.Engine Engine = new();

    /// <summary>Instantiates the module for <paramref name="lowered"/> on a new <see cref="AbiCoreHost"/>.</summary>
    public static AbiCoreHost Start(LoweredInterface lowered)
    {
        var host = new AbiCoreHost(Engine, new InstanceState());
        try
        {
            foreach (var (name, function) in lowered.Functions)
            {
                host.Define(lowered.Name, name, function);
            }
            host.Instantiate(Wat(lowered), ("memory", "cabi_realloc"));
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>The module's text.</summary>
    public static string Wat(LoweredInterface lowered)
    {
        var text = new StringBuilder("(module\n");
        var exports = new StringBuilder();
        var i = 0;
        foreach (var (name, function) in lowered.Functions)
        {
            var type = $"(param {string.Join(" ", function.CoreType.Params).ToLowerInvariant()}) (result {string.Join(" ", function.CoreType.Results).ToLowerInvariant()})";
            var args = string.Concat(Enumerable.Range(0, function.CoreType.Params.Count).Select(a => $" (local.get {a})"));
            text.Append($"  (import \"{lowered.Name}\" \"{name}\" (func $f{i} {type}))\n");
            exports.Append($"  (func (export \"{name}\") {type} (call $f{i}{args}))\n");
            i++;
        }
        text.Append(exports);
        text.Append("""
              (memory (export "memory") 1)
              (global $next (mut i32) (i32.const 4096))
              (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
                (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
                                       (i32.sub (i32.const 0) (local.get 2))))
                (global.set $next (i32.add (local.get $p) (local.get 3)))
                (local.get $p)))
            """);
        return text.ToString();
    }

    /// <summary>Calls export <paramref name="name"/> with flat arguments; returns the slots (flat results over the arguments).</summary>
    public static ValRaw[] Call(this AbiCoreHost host, string name, params ValRaw[] args)
    {
        var slots = new ValRaw[Math.Max(args.Length, 1)];
        args.CopyTo(slots, 0);
        host.Call(name, slots);
        return slots;
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 at <paramref name="ptr"/>.</summary>
    public static void Put(this AbiCoreHost host, uint ptr, string text) =>
        Encoding.UTF8.GetBytes(text).CopyTo(host.Memory().Bytes(ptr, (uint)Encoding.UTF8.GetByteCount(text)));

    /// <summary>The string whose (pointer, length) pair is at <paramref name="ptr"/>.</summary>
    public static string StringAt(this AbiCoreHost host, uint ptr) =>
        Encoding.UTF8.GetString(host.Memory().Bytes(host.Memory().U32(ptr), host.Memory().U32(ptr + 4)));
}
