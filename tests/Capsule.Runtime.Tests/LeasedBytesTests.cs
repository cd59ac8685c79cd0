using Capsule.Runtime.Features;
using Capsule.Runtime.Grants;
using Capsule.Runtime.Native;
using Capsule.Runtime.Running;
using Wasmtime.Components;

namespace Capsule.Runtime.Tests;

/// <summary>
/// <see cref="ValRef.LeaseBytes"/>, called by a real component (tests/guests/wat-components/host-call-bench.wat, whose
/// <c>takes(n, size)</c> passes <c>size</c> bytes of its memory to capsule:bench/host.take): short lists use the
/// thread's buffer, longer ones a pooled array; a second lease in the same call must not share the first one's buffer.
/// </summary>
public sealed class LeasedBytesTests(RuntimeFixture runtime) : IClassFixture<RuntimeFixture>
{
    [Theory]
    [InlineData(1)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(70_000)]
    public void Two_leases_in_one_call_hold_separate_buffers_of_the_list(int size)
    {
        var seen = new List<(int First, int Second, bool Overlap)>();
        var take = new HostInterface("capsule:bench/host");
        take.Functions["nop"] = (_, _, _) => { };
        take.Functions["take"] = (_, args, _) =>
        {
            using var first = args[0].LeaseBytes();
            using var second = args[0].LeaseBytes();
            seen.Add((first.Span.Length, second.Span.Length, first.Span.Overlaps(second.Span)));
            // Both hold the guest's bytes (its memory is zero there).
            Assert.DoesNotContain(first.Span.ToArray(), b => b != 0);
            Assert.DoesNotContain(second.Span.ToArray(), b => b != 0);
        };
        using var component = Component.FromTextFile(
            runtime.Engine.WasmEngine,
            Path.Combine(Guests.RepoRoot, "tests", "guests", "wat-components", "host-call-bench.wat"));
        using var linker = new HostLinker(runtime.Engine);
        linker.Define(take);
        linker.DefineUnknownImportsAsTraps(component);
        using var store = new ComponentStore(runtime.Engine, new InstanceState(GuestGrants.None, RunDeadline.None()), ResourceLimits.Default);
        var instance = linker.Instantiate(store, component);

        // Three calls: the buffers given back by one call are taken again by the next.
        instance.Call(null, "takes", 2, a => { a[0].SetU32(3); a[1].SetU32((uint)size); }, 0, _ => 0);

        Assert.Equal([(size, size, false), (size, size, false), (size, size, false)], seen);
    }
}
