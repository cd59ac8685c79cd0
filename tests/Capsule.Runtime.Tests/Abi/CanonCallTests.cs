using System.Text;
using Capsule.Runtime.Components.Abi;
using Capsule.Runtime.Native;

namespace Capsule.Runtime.Tests.Abi;

/// <summary>
/// Hand-written lowerings (as the generator writes them) on a core module that calls them with crafted
/// memory: string round trips through realloc and a return pointer, and every hostile case of the guest.
/// </summary>
public sealed class CanonCallTests : IDisposable
{
    private const uint Thing = 42;

    private const string Wat = """
        (module
          (import "host" "echo" (func $echo (param i32 i32 i32)))
          (import "host" "scratch" (func $scratch (param i32) (result i32)))
          (import "host" "char" (func $char (param i32) (result i32)))
          (import "host" "case" (func $case (param i32) (result i32)))
          (import "host" "new-thing" (func $new (param i32) (result i32)))
          (import "host" "thing-rep" (func $rep (param i32) (result i32)))
          (import "host" "take-thing" (func $take (param i32) (result i32)))
          (import "host" "nop" (func $nop))
          (memory (export "memory") 1)
          (global $next (mut i32) (i32.const 1024))
          (global $mode (mut i32) (i32.const 0))
          (data (i32.const 16) "h\c3\a9llo")
          (data (i32.const 32) "\c3\28")
          (func (export "set-mode") (param i32) (global.set $mode (local.get 0)))
          (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
            (if (i32.eq (global.get $mode) (i32.const 1)) (then (return (i32.const 2))))
            (if (i32.eq (global.get $mode) (i32.const 2)) (then (return (i32.const 65532))))
            (if (i32.eq (global.get $mode) (i32.const 3)) (then unreachable))
            (if (i32.eq (global.get $mode) (i32.const 4)) (then (call $nop)))
            (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
                                   (i32.sub (i32.const 0) (local.get 2))))
            (global.set $next (i32.add (local.get $p) (local.get 3)))
            (local.get $p))
          (func (export "echo") (param i32 i32 i32) (call $echo (local.get 0) (local.get 1) (local.get 2)))
          (func (export "scratch") (param i32) (result i32) (call $scratch (local.get 0)))
          (func (export "char") (param i32) (result i32) (call $char (local.get 0)))
          (func (export "case") (param i32) (result i32) (call $case (local.get 0)))
          (func (export "new-thing") (param i32) (result i32) (call $new (local.get 0)))
          (func (export "thing-rep") (param i32) (result i32) (call $rep (local.get 0)))
          (func (export "take-thing") (param i32) (result i32) (call $take (local.get 0))))
        """;

    private readonly AbiCoreHost _host = AbiHosts.Start(
        Wat,
        new LoweredFunction("echo", AbiHosts.I32s(3, 0), Echo),
        new LoweredFunction("scratch", AbiHosts.I32s(1, 1), (ref c, s) => s[0].U32 = c.Realloc(4, s[0].U32)),
        new LoweredFunction("char", AbiHosts.I32s(1, 1), (ref c, s) => s[0].U32 = (uint)CanonLift.Char(s[0].U32).Value),
        new LoweredFunction("case", AbiHosts.I32s(1, 1), (ref c, s) => s[0].U32 = CanonLift.Case(s[0].U32, 3)),
        new LoweredFunction("new-thing", AbiHosts.I32s(1, 1), (ref c, s) => s[0].U32 = c.Handles.AddOwn(Thing, s[0].U32)),
        new LoweredFunction("thing-rep", AbiHosts.I32s(1, 1), (ref c, s) => s[0].U32 = c.Handles.Lend(s[0].U32, Thing)),
        new LoweredFunction("take-thing", AbiHosts.I32s(1, 1), (ref c, s) => s[0].U32 = c.Handles.TakeOwn(s[0].U32, Thing)),
        new LoweredFunction("nop", AbiHosts.I32s(0, 0), (ref c, s) => { }));

    // echo: func(s: string) -> string, as generated: lift, call, check the return pointer, lower.
    private static void Echo(ref CanonCall call, Span<ValRaw> slots)
    {
        var s = CanonLift.String(call.Memory, slots[0].U32, slots[1].U32);
        var retptr = slots[2].U32;
        call.Memory.Check(retptr, 8, 4);
        var (ptr, length) = CanonLower.String(ref call, s + "!");
        call.Memory.SetU32(retptr, ptr);
        call.Memory.SetU32(retptr + 4, length);
    }

    [Fact]
    public void A_string_round_trips_through_realloc_and_the_return_pointer()
    {
        _host.CallI32("echo", 16, 6, 8);
        var ptr = _host.Memory().U32(8);
        var length = _host.Memory().U32(12);
        Assert.True(ptr >= 1024);
        Assert.Equal("héllo!", Encoding.UTF8.GetString(_host.Memory().Bytes(ptr, length)));
    }

    [Fact]
    public void Invalid_utf8_traps()
    {
        var e = Assert.Throws<CanonTrapException>(() => _host.CallI32("echo", 32, 2, 8));
        Assert.Contains("invalid UTF-8 in a string of 2 bytes at 32", e.Message);
    }

    [Fact]
    public void A_return_pointer_out_of_bounds_or_unaligned_traps()
    {
        Assert.Contains("out of bounds", Assert.Throws<CanonTrapException>(() => _host.CallI32("echo", 16, 6, 65532)).Message);
        Assert.Contains("unaligned", Assert.Throws<CanonTrapException>(() => _host.CallI32("echo", 16, 6, 9)).Message);
    }

    [Theory]
    [InlineData(1, "unaligned pointer: 2 is not a multiple of 4")]
    [InlineData(2, "out of bounds: 8 bytes at 65532")]
    [InlineData(3, "unreachable")]
    [InlineData(4, "cannot leave the instance while it runs realloc or post-return")]
    public void A_realloc_that_returns_garbage_traps_or_calls_out_traps(int mode, string cause)
    {
        _host.CallI32("set-mode", mode);
        var e = Assert.Throws<CanonTrapException>(() => _host.CallI32("scratch", 8));
        Assert.Contains(cause, e.Message);
        Assert.True(_host.State.MayLeave);
        _host.CallI32("set-mode", 0);
        Assert.Equal(0, _host.CallI32("scratch", 8) % 4);
    }

    [Theory]
    [InlineData(0xD800u)]
    [InlineData(0xDFFFu)]
    [InlineData(0x110000u)]
    [InlineData(uint.MaxValue)]
    public void An_invalid_char_traps(uint value)
    {
        Assert.Contains("invalid char", Assert.Throws<CanonTrapException>(() => _host.CallI32("char", (int)value)).Message);
    }

    [Fact]
    public void A_valid_char_and_discriminant_pass_and_a_bad_discriminant_traps()
    {
        Assert.Equal(0x1F600, _host.CallI32("char", 0x1F600));
        Assert.Equal(2, _host.CallI32("case", 2));
        Assert.Contains("invalid discriminant 3 for 3 cases", Assert.Throws<CanonTrapException>(() => _host.CallI32("case", 3)).Message);
    }

    [Fact]
    public void Handles_from_the_guest_are_checked_and_borrows_end_with_the_call()
    {
        var h = _host.CallI32("new-thing", 500);
        Assert.Equal(500, _host.CallI32("thing-rep", h)); // lent for the call, returned at its end
        Assert.Equal(500, _host.CallI32("take-thing", h)); // so it can move afterwards
        Assert.Contains($"unknown handle {h}", Assert.Throws<CanonTrapException>(() => _host.CallI32("thing-rep", h)).Message);
        Assert.Contains("unknown handle 77", Assert.Throws<CanonTrapException>(() => _host.CallI32("take-thing", 77)).Message);
        var other = _host.State.Handles.AddOwn(Thing + 1, 9);
        Assert.Contains("not 42", Assert.Throws<CanonTrapException>(() => _host.CallI32("take-thing", (int)other)).Message);
    }

    [Fact]
    public void A_realloc_of_the_wrong_type_is_refused_when_the_options_are_resolved()
    {
        const string wrong = """
            (module (memory (export "memory") 1)
              (func (export "cabi_realloc") (param i32 i32) (result i32 i32 i32 i32 i32 i32) unreachable))
            """;
        var e = Assert.Throws<InvalidOperationException>(() => AbiHosts.Start(wrong).Dispose());
        Assert.Contains("realloc has type (func (param i32 i32) (result i32 i32 i32 i32 i32 i32)); the canonical ABI needs", e.Message);
    }

    public void Dispose() => _host.Dispose();
}
