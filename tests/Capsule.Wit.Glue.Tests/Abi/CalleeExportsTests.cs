using Capsule.Runtime.Components.Abi;
using Capsule.Runtime.Native;
using Capsule.Wit.Bindings;
using Capsule.Wit.Glue.Tests.Generated.Capsule.Abi.Callee;
using Capsule.Wit.Glue.Tests.Generated.Capsule.Abi.Resources;

namespace Capsule.Wit.Glue.Tests.Abi;

/// <summary>
/// The generated export side (<c>CalleeExports</c>) calling a real core module that exports capsule:abi/callee: .NET
/// arguments lowered into the guest (flat, through realloc, spilled into memory), results lifted (flat and through the
/// returned pointer), post-return, handles given and lent, and a guest that returns garbage.
/// </summary>
public sealed class CalleeExportsTests : IDisposable
{
    private static readonly string Sum17 = string.Concat(Enumerable.Range(0, 17).Select(i => $"(i32.load offset={i * 4} (local.get 0)) ")) + string.Concat(Enumerable.Repeat("i32.add ", 16));

    private static readonly string Wat = $$"""
        (module
          (import "host" "drop-thing" (func $drop (param i32)))
          (memory (export "memory") 1)
          (global $next (mut i32) (i32.const 4096))
          (global $posted (mut i32) (i32.const 0))
          (data (i32.const 48) "\fe\ff\00\00\04\00\00\00")
          (data (i32.const 56) "\40\00\00\00\02\00\00\00")
          (data (i32.const 64) "\c3\28")
          (data (i32.const 72) "\07")
          (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
            (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
                                   (i32.sub (i32.const 0) (local.get 2))))
            (global.set $next (i32.add (local.get $p) (local.get 3)))
            (local.get $p))
          (func (export "echo") (param i32 i32) (result i32)
            (i32.store (i32.const 16) (local.get 0))
            (i32.store (i32.const 20) (local.get 1))
            (i32.const 16))
          (func (export "cabi_post_echo") (param i32) (global.set $posted (local.get 0)))
          (func (export "posted") (result i32) (global.get $posted))
          (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
          (func (export "ok-if-some") (param i32 i32) (result i32)
            (if (local.get 0)
              (then (i32.store8 (i32.const 32) (i32.const 0)) (i32.store (i32.const 36) (local.get 1)))
              (else (i32.store8 (i32.const 32) (i32.const 1)) (i32.store (i32.const 36) (i32.const 404))))
            (i32.const 32))
          (func (export "count") (param i32 i32) (result i32)
            (i32.add (local.get 1) (i32.wrap_i64 (i64.load (local.get 0)))))
          (func (export "sum17") (param i32) (result i64) (i64.extend_i32_u {{Sum17}}))
          (func (export "give") (param i32 i32) (result i32) (call $drop (local.get 1)) (local.get 0))
          (func (export "keep") (param i32))
          (func (export "run") (result i32) (i32.const 1))
          (func (export "echo-out-of-bounds") (param i32 i32) (result i32) (i32.const 65532))
          (func (export "echo-string-out-of-bounds") (param i32 i32) (result i32) (i32.const 48))
          (func (export "echo-bad-utf8") (param i32 i32) (result i32) (i32.const 56))
          (func (export "ok-if-some-bad-case") (param i32 i32) (result i32) (i32.const 72))
          (func (export "echo-unaligned") (param i32 i32) (result i32) (i32.const 18)))
        """;

    private readonly AbiCoreHost _host;

    public CalleeExportsTests()
    {
        _host = new AbiCoreHost(LoweredGuest.Engine, new InstanceState());
        _host.Define("host", "drop-thing", new LoweredFunction("drop-thing", new([CoreValType.I32], []), (ref c, s) => c.Handles.Drop(s[0].U32, ResourceType<Thing>.Id)));
        _host.Instantiate(Wat);
    }

    // The instance's exports by name, as the component layer's Running will hand them: core export = the function's name,
    // or the name with a suffix when `rename` maps it (to a hostile variant of the function).
    private CalleeExports Exports(Dictionary<string, string>? rename = null) => new((name, type) =>
    {
        Assert.StartsWith(CalleeExports.Name + "#", name, StringComparison.Ordinal);
        var function = name[(CalleeExports.Name.Length + 1)..];
        var core = rename?.GetValueOrDefault(function) ?? function;
        var slot = _host.AddOptions("memory", function == "echo" ? "cabi_post_echo" : null, type.Results, "cabi_realloc");
        return _host.Lifted(core, type, slot, name);
    });

    [Fact]
    public void Arguments_are_lowered_and_results_lifted_flat_and_through_the_returned_pointer()
    {
        var exports = Exports();
        Assert.Equal(7u, exports.Add(3, 4));
        Assert.Equal("héllo", exports.Echo("héllo"));
        Assert.Equal(16, _host.Call("posted")[0].I32); // post-return got the returned pointer, after the result was lifted
        Assert.Equal(Result<uint, uint>.Ok(5), exports.OkIfSome(5));
        Assert.Equal(Result<uint, uint>.Err(404), exports.OkIfSome(null));
        Assert.Equal(3u + 41, exports.Count([41, 2, 3]));
        Assert.Equal(153ul, exports.Sum17(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17));
        Assert.False(exports.Run().IsOk);
    }

    [Fact]
    public void Handles_are_given_and_lent_into_the_call()
    {
        var exports = Exports();
        var handle = exports.Give(new Resource<Thing>(7), new Borrow<Thing>(9));
        Assert.Equal(7u, _host.State.Handles.Rep(handle, ResourceType<Thing>.Id));
        Assert.Equal(1, _host.State.Handles.Count); // the borrow was dropped by the guest; the own handle stays

        var error = Assert.Throws<CanonTrapException>(() => exports.Keep(new Borrow<Thing>(9)));
        Assert.Contains("borrow", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("echo", "echo-out-of-bounds", "out of bounds: 8 bytes at 65532")]
    [InlineData("echo", "echo-string-out-of-bounds", "out of bounds: 4 bytes at 65534")]
    [InlineData("echo", "echo-bad-utf8", "invalid UTF-8")]
    [InlineData("echo", "echo-unaligned", "unaligned pointer: 18")]
    [InlineData("ok-if-some", "ok-if-some-bad-case", "invalid discriminant 7 for 2 cases")]
    public void A_guest_returning_garbage_traps_with_the_cause(string function, string hostile, string cause)
    {
        var exports = Exports(new() { [function] = hostile });
        var error = Assert.Throws<CanonTrapException>(() => _ = function == "echo" ? (object)exports.Echo("x") : exports.OkIfSome(1));
        Assert.Contains(cause, error.Message, StringComparison.Ordinal);
        // The trap poisons the instance (the canonical ABI's rule); the host process goes on with a fresh one.
        Assert.Contains("may_enter", Assert.Throws<CanonTrapException>(() => Exports().Add(3, 4)).Message, StringComparison.Ordinal);
        using var fresh = new CalleeExportsTests();
        Assert.Equal(7u, fresh.Exports().Add(3, 4));
    }

    public void Dispose() => _host.Dispose();
}
