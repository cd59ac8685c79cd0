using Capsule.Runtime.Features;
using Capsule.Runtime.Grants;
using Capsule.Runtime.Native;
using Capsule.Runtime.Running;
using Wasmtime.Components;

namespace Capsule.Runtime.Tests;

/// <summary>The native binding layer: C# host functions and host resources called by a real component.</summary>
public sealed class HostLinkerTests(RuntimeFixture runtime) : IClassFixture<RuntimeFixture>
{
    private const uint CounterType = 7;

    private sealed class Counters
    {
        public Dictionary<uint, uint> Live { get; } = [];

        public List<uint> Dropped { get; } = [];

        public uint Next { get; set; } = 100;
    }

    private Component LoadComponent() =>
        Component.FromTextFile(
            runtime.Engine.WasmEngine,
            Path.Combine(Guests.RepoRoot, "tests", "guests", "wat-components", "host-calls.wat"));

    private HostLinker BuildLinker(HostFunction? add = null)
    {
        var iface = new HostInterface("capsule:test/host");
        iface.Resources["counter"] = (CounterType, (store, rep) =>
        {
            var counters = store.State.Get<Counters>();
            counters.Live.Remove(rep);
            counters.Dropped.Add(rep);
        }
        );
        iface.Functions["add"] = add ?? ((_, args, results) => results[0].SetU32(args[0].U32 + args[1].U32));
        iface.Functions["make-counter"] = (store, args, results) =>
        {
            var counters = store.State.Get<Counters>();
            var rep = counters.Next++;
            counters.Live[rep] = args[0].U32;
            results[0].SetResource(CounterType, rep);
        };
        iface.Functions["[method]counter.value"] = (store, args, results) =>
        {
            var (rep, type, owned) = args[0].Resource;
            Assert.Equal(CounterType, type);
            Assert.False(owned);
            results[0].SetU32((store.State.Get<Counters>()).Live[rep]);
        };
        var linker = new HostLinker(runtime.Engine);
        linker.Define(iface);
        return linker;
    }

    // The store's state, holding the test's counters in their typed slot.
    private static InstanceState StateWith(Counters counters)
    {
        var state = new InstanceState(GuestGrants.None, RunDeadline.None());
        state.Set(counters);
        return state;
    }

    private static uint Run(ComponentInstanceRef instance, uint x) =>
        instance.Call(null, "run", 1, args => args[0].SetU32(x), 1, results => results[0].U32);

    [Fact]
    public void Host_functions_and_resources_round_trip_through_the_guest()
    {
        using var component = LoadComponent();
        using var linker = BuildLinker();
        var counters = new Counters();
        using var store = new ComponentStore(runtime.Engine, StateWith(counters), ResourceLimits.Default);
        var instance = linker.Instantiate(store, component);

        Assert.Equal(42u, Run(instance, 41));
        Assert.Equal(8u, Run(instance, 7));
        Assert.Equal([100u, 101u], counters.Dropped);
        Assert.Empty(counters.Live);
    }

    [Fact]
    public void A_throwing_host_function_traps_the_guest_and_keeps_the_cause()
    {
        using var component = LoadComponent();
        using var linker = BuildLinker(add: (_, _, _) => throw new InvalidDataException("no adding today"));
        using var store = new ComponentStore(runtime.Engine, StateWith(new Counters()), ResourceLimits.Default);
        var instance = linker.Instantiate(store, component);

        var error = Assert.Throws<ComponentCallException>(() => Run(instance, 1));
        Assert.Contains("host function capsule:test/host#add failed: InvalidDataException: no adding today", error.Message);
        Assert.IsType<InvalidDataException>(error.HostCause);

        // The store is poisoned by the trap, but the linker serves a new store.
        using var fresh = new ComponentStore(runtime.Engine, StateWith(new Counters()), ResourceLimits.Default);
        Assert.Throws<ComponentCallException>(() => Run(linker.Instantiate(fresh, component), 1));
    }

    [Fact]
    public void Missing_import_fails_instantiation_with_its_name()
    {
        using var component = LoadComponent();
        using var linker = new HostLinker(runtime.Engine);
        using var store = new ComponentStore(runtime.Engine, StateWith(new Counters()), ResourceLimits.Default);
        var error = Assert.Throws<ComponentCallException>(() => linker.Instantiate(store, component));
        Assert.Contains("capsule:test/host", error.Message);
    }
}
