using System.Text;
using Capsule.Runtime.Components.Abi;
using Capsule.Runtime.Native;

namespace Capsule.Runtime.Tests.Abi;

/// <summary>Calls of lifted exports: results through a returned pointer, post-return, may_enter, borrows kept past the call.</summary>
public sealed class LiftedCallTests : IDisposable
{
    private const uint Thing = 42;

    private const string Wat = """
        (module
          (import "host" "reenter" (func $reenter))
          (import "host" "drop-thing" (func $drop (param i32)))
          (memory (export "memory") 1)
          (global $freed (mut i32) (i32.const 0))
          (data (i32.const 64) "\50\00\00\00\03\00\00\00")
          (data (i32.const 80) "abc")
          (func (export "greet") (result i32) (i32.const 64))
          (func (export "cabi_post_greet") (param i32) (global.set $freed (local.get 0)))
          (func (export "freed") (result i32) (global.get $freed))
          (func (export "reenter") (call $reenter))
          (func (export "keep") (param i32))
          (func (export "drop") (param i32) (call $drop (local.get 0))))
        """;

    private readonly AbiCoreHost _host;

    public LiftedCallTests()
    {
        _host = AbiHosts.Start(
            Wat,
            new LoweredFunction("reenter", AbiHosts.I32s(0, 0), Reenter),
            new LoweredFunction("drop-thing", AbiHosts.I32s(1, 0), (ref c, s) => c.Handles.Drop(s[0].U32, Thing)));
        _host.State.Host = _host;
    }

    private static void Reenter(ref CanonCall call, Span<ValRaw> slots)
    {
        var lifted = ((AbiCoreHost)call.State.Host!).Lift("freed", AbiHosts.I32s(0, 1));
        Span<ValRaw> results = [default];
        lifted.Invoke(results);
        lifted.Finish(results);
    }

    [Fact]
    public void Results_are_lifted_from_the_returned_pointer_then_post_return_runs()
    {
        using var host = AbiHosts.Start(Wat.Replace("(import \"host\" \"reenter\" (func $reenter))", "(func $reenter)")
            .Replace("(import \"host\" \"drop-thing\" (func $drop (param i32)))", "(func $drop (param i32))"));
        var slot = host.AddOptions("memory", "cabi_post_greet", [CoreValType.I32]);

        var call = host.Lift("greet", AbiHosts.I32s(0, 1), slot);
        Span<ValRaw> slots = [default];
        call.Invoke(slots);
        var ptr = slots[0].U32;
        call.Memory.Check(ptr, 8, 4);
        var text = CanonLift.String(call.Memory, call.Memory.U32(ptr), call.Memory.U32(ptr + 4));
        Assert.Equal(0, host.CallI32("freed"));
        call.Finish(slots[..1]);
        Assert.Equal("abc", text);
        Assert.Equal(64, host.CallI32("freed"));
    }

    [Fact]
    public void Reentering_a_running_instance_traps()
    {
        var outer = _host.Lift("reenter", AbiHosts.I32s(0, 0));
        string? error = null;
        try
        {
            outer.Invoke([]);
        }
        catch (CanonTrapException e)
        {
            error = e.Message;
        }
        Assert.Contains("host#reenter: cannot enter the instance: one of its exports is running (may_enter)", error);
        Assert.True(_host.State.MayEnter);
    }

    [Fact]
    public void A_borrow_kept_past_its_call_traps_and_one_dropped_does_not()
    {
        var keep = _host.Lift("keep", AbiHosts.I32s(1, 0));
        Span<ValRaw> slots = [ValRaw.FromI32((int)_host.State.Handles.AddBorrow(Thing, 7, keep.Borrows))];
        keep.Invoke(slots);
        string? error = null;
        try
        {
            keep.Finish([]);
        }
        catch (CanonTrapException e)
        {
            error = e.Message;
        }
        Assert.Equal("1 borrow handle(s) still remain at the end of the call", error);
        Assert.True(_host.State.MayEnter);

        var drop = _host.Lift("drop", AbiHosts.I32s(1, 0));
        slots[0] = ValRaw.FromI32((int)_host.State.Handles.AddBorrow(Thing, 7, drop.Borrows));
        drop.Invoke(slots);
        drop.Finish([]);
        Assert.True(_host.State.MayEnter);
    }

    public void Dispose() => _host.Dispose();
}
