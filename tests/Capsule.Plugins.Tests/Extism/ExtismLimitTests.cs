using Capsule.Plugins.Extism;
using Capsule.Plugins.Failures;

namespace Capsule.Plugins.Tests.Extism;

/// <summary>
/// A plugin that loops, allocates without end or is cancelled fails only that call, with a typed
/// exception, and the plugin answers its next call (tests/guests/extism/runaway.c, built with the C PDK).
/// </summary>
public sealed class ExtismLimitTests(EngineFixture fixture) : IClassFixture<EngineFixture>
{
    private ExtismPlugin Runaway(ExtismManifest manifest) =>
        ExtismPlugin.Load(fixture.Engine, Guests.Get("extism-runaway.wasm"), manifest);

    [Fact]
    public void An_infinite_loop_stops_at_the_manifests_timeout_and_the_next_call_works()
    {
        using var plugin = Runaway(new ExtismManifest { Timeout = TimeSpan.FromMilliseconds(300) });
        var e = Assert.Throws<PluginTimeoutException>(() => plugin.Call("infinite_loop", ""));
        Assert.Equal(TimeSpan.FromMilliseconds(300), e.Limit);
        Assert.Contains("infinite_loop", e.Message);
        Assert.Equal("ok", plugin.Call("ok", ""));
    }

    [Fact]
    public void A_cancelled_call_stops_with_its_own_exception()
    {
        using var plugin = Runaway(new ExtismManifest { Timeout = TimeSpan.FromMinutes(5) });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        Assert.Throws<PluginCancelledException>(() => plugin.Call("infinite_loop", "", cancel.Token));
        Assert.Equal("ok", plugin.Call("ok", ""));
    }

    [Fact]
    public void Plugin_memory_without_end_stops_at_max_pages_and_the_next_call_works()
    {
        using var plugin = Runaway(new ExtismManifest { Memory = new ExtismMemoryLimits { MaxPages = 64 } });
        var e = Assert.Throws<PluginMemoryException>(() => plugin.Call("alloc_forever", ""));
        Assert.Equal(64 * 65536, e.LimitBytes);
        Assert.Contains("memory limit of 4MiB reached", e.Message);
        Assert.Equal("ok", plugin.Call("ok", ""));
    }

    [Fact]
    public void Extism_memory_without_end_stops_at_the_same_limit()
    {
        using var plugin = Runaway(new ExtismManifest { Memory = new ExtismMemoryLimits { MaxPages = 64 } });
        var e = Assert.Throws<PluginMemoryException>(() => plugin.Call("kernel_alloc_forever", ""));
        Assert.Contains("extism_alloc failed", e.Message);
        Assert.Equal("ok", plugin.Call("ok", ""));
    }

    [Fact]
    public void A_fuel_limit_needs_a_metering_engine()
    {
        var e = Assert.Throws<PluginLoadException>(() =>
            ExtismPlugin.Load(fixture.Engine, Guests.Get("extism-runaway.wasm"), null, new ExtismPluginOptions { Fuel = 1000 }));
        Assert.Contains("ConsumeFuel", e.Message);
    }

    [Fact]
    public void An_input_larger_than_the_memory_limit_fails_its_call_only()
    {
        using var plugin = Runaway(new ExtismManifest { Memory = new ExtismMemoryLimits { MaxPages = 4 } });
        var e = Assert.Throws<PluginMemoryException>(() => plugin.Call("ok", new byte[300_000]));
        Assert.Contains("Extism memory is full", e.Message);
        Assert.Equal("ok", plugin.Call("ok", ""));
    }

    [Fact]
    public void A_memory_limit_below_what_the_module_declares_fails_with_the_cause()
    {
        using var plugin = Runaway(new ExtismManifest { Memory = new ExtismMemoryLimits { MaxPages = 1 } });
        var e = Assert.Throws<PluginTrapException>(() => plugin.Call("ok", ""));
        Assert.Contains("memory minimum size of 2 pages exceeds memory limits", e.Message);
    }

    [Fact]
    public void Fuel_bounds_each_call_on_a_metering_engine()
    {
        using var engine = new Capsule.Runtime.Engine.CapsuleEngine(new Capsule.Runtime.Engine.EngineSettings { ConsumeFuel = true });
        using var plugin = ExtismPlugin.Load(engine, Guests.Get("extism-runaway.wasm"), null, new ExtismPluginOptions { Fuel = 5_000_000 });
        var e = Assert.Throws<PluginFuelException>(() => plugin.Call("infinite_loop", ""));
        Assert.Equal(5_000_000UL, e.Fuel);
        Assert.Equal("ok", plugin.Call("ok", ""));
        Assert.Equal("ok", plugin.Call("ok", ""));
    }
}
