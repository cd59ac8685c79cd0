using System.Text;
using Capsule.Runtime.Components.Abi;
using Capsule.Runtime.Native;
using Capsule.Wit.Glue.Tests.Generated.Capsule.Abi.Callee;
using Capsule.Wit.Glue.Tests.Generated.Capsule.Test.Things;

namespace Capsule.Wit.Glue.Tests.Abi;

/// <summary>
/// A hostile guest in WAT against the generated lowerings (issue 21's hostile suite): each export makes one attack
/// from inside wasm through the imported host functions; each call traps with a message naming the cause, and the
/// same instance goes on serving an honest call after it. Borrows kept past an export's call and results the guest
/// gets wrong are in <see cref="CalleeExportsTests"/>.
/// </summary>
public sealed class HostileGuestTests
{
    private const string BumpRealloc = """
        (local $p i32)
        (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
                               (i32.sub (i32.const 0) (local.get 2))))
        (global.set $next (i32.add (local.get $p) (local.get 3)))
        (local.get $p)
        """;

    private const string Attacks = """
          (func (export "honest") (result i32) (call $next_color (i32.const 0)))
          (func (export "pointer-out-of-bounds") (call $move_point (i32.const 0) (i32.const 0) (i32.const 65530) (i32.const 7) (i32.const 0) (i32.const 200)))
          (func (export "return-pointer-unaligned") (call $move_point (i32.const 0) (i32.const 0) (i32.const 100) (i32.const 3) (i32.const 0) (i32.const 202)))
          (func (export "return-pointer-out-of-bounds") (call $move_point (i32.const 0) (i32.const 0) (i32.const 100) (i32.const 3) (i32.const 0) (i32.const 65532)))
          (func (export "length-overflowing-32-bits") (call $sum_points (i32.const 16) (i32.const -1) (i32.const 400)))
          (func (export "invalid-utf8") (call $move_point (i32.const 0) (i32.const 0) (i32.const 120) (i32.const 2) (i32.const 0) (i32.const 200)))
          (func (export "invalid-char") (call $scalars (i32.const 0) (i32.const 0) (f32.const 0) (f64.const 0) (i32.const 0xD800) (i32.const 0) (i32.const 0) (i64.const 0) (i32.const 0) (i32.const 512)))
          (func (export "bad-enum") (drop (call $next_color (i32.const 3))))
          (func (export "bad-variant") (call $grow (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 200)))
          (func (export "bad-option") (call $maybe_upper (i32.const 2) (i32.const 0) (i32.const 0) (i32.const 300)))
          (func (export "forged-handle") (drop (call $consume (i32.const 999))))
          (func (export "dangling-handle") (local $h i32)
            (local.set $h (call $_constructor_counter (i64.const 1)))
            (drop (call $consume (local.get $h)))
            (drop (call $consume (local.get $h))))
          (func (export "wrong-type-handle") (drop (call $give (call $_constructor_counter (i64.const 1)) (i32.const 0))))
          (func (export "needs-realloc") (call $line (i32.const 3) (i32.const 300)))
        """;

    [Theory]
    [InlineData("pointer-out-of-bounds", "out of bounds: 7 bytes at 65530")]
    [InlineData("return-pointer-unaligned", "unaligned pointer: 202 is not a multiple of 4")]
    [InlineData("return-pointer-out-of-bounds", "out of bounds: 16 bytes at 65532")]
    [InlineData("length-overflowing-32-bits", "out of bounds: 68719476720 bytes at 16")]
    [InlineData("invalid-utf8", "invalid UTF-8 in a string of 2 bytes at 120")]
    [InlineData("invalid-char", "invalid char: 0xd800")]
    [InlineData("bad-enum", "invalid discriminant 3 for 3 cases")]
    [InlineData("bad-variant", "invalid discriminant 3 for 3 cases")]
    [InlineData("bad-option", "invalid discriminant 2 for 2 cases")]
    [InlineData("forged-handle", "unknown handle 999")]
    [InlineData("dangling-handle", "unknown handle")]
    [InlineData("wrong-type-handle", "resource type")]
    public void Each_attack_traps_naming_its_cause_and_the_instance_goes_on(string attack, string cause)
    {
        using var host = Start(BumpRealloc);
        var error = Assert.Throws<CanonTrapException>(() => host.Call(attack));
        Assert.True(error.Message.Contains(cause, StringComparison.Ordinal), error.Message);
        Assert.Equal((int)Color.Green, host.Call("honest")[0].I32);
    }

    [Theory]
    [InlineData("(i32.const 4097)", "unaligned pointer: 4097 is not a multiple of 4")]
    [InlineData("(i32.const 65532)", "out of bounds: 48 bytes at 65532")]
    [InlineData("(unreachable)", "wasm `unreachable` instruction executed")]
    [InlineData("(drop (call $next_color (i32.const 0))) (i32.const 4096)", "cannot leave the instance while it runs realloc")]
    public void A_realloc_returning_garbage_trapping_or_calling_out_traps(string realloc, string cause)
    {
        using var host = Start(realloc);
        var error = Assert.Throws<CanonTrapException>(() => host.Call("needs-realloc"));
        Assert.True(error.Message.Contains(cause, StringComparison.Ordinal), error.Message);
        Assert.Equal((int)Color.Green, host.Call("honest")[0].I32);
    }

    // The hostile module: things and callee imported (ids from their names: `[constructor]counter` is $_constructor_counter),
    // a memory with "abc" at 100 and invalid UTF-8 at 120, and the realloc body given.
    private static AbiCoreHost Start(string reallocBody)
    {
        var thingsHost = new ThingsHost("");
        var calleeHost = new CalleeHost();
        var things = ThingsLowerings.Create(_ => thingsHost);
        var callee = CalleeLowerings.Create(_ => calleeHost);
        var host = new AbiCoreHost(LoweredGuest.Engine, new InstanceState());
        try
        {
            var wat = new StringBuilder("(module\n");
            foreach (var lowered in new[] { things, callee })
            {
                foreach (var (name, function) in lowered.Functions)
                {
                    host.Define(lowered.Name, name, function);
                    var type = $"(param {string.Join(" ", function.CoreType.Params).ToLowerInvariant()}) (result {string.Join(" ", function.CoreType.Results).ToLowerInvariant()})";
                    wat.Append($"  (import \"{lowered.Name}\" \"{name}\" (func ${Id(name)} {type}))\n");
                }
            }
            wat.Append("""
                  (memory (export "memory") 1)
                  (data (i32.const 100) "abc")
                  (data (i32.const 120) "\c3\28")
                  (global $next (mut i32) (i32.const 4096))
                """);
            wat.Append($"  (func (export \"cabi_realloc\") (param i32 i32 i32 i32) (result i32) {reallocBody})\n");
            wat.Append(Attacks).Append(')');
            host.Instantiate(wat.ToString(), ("memory", "cabi_realloc"));
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    private static string Id(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
}
