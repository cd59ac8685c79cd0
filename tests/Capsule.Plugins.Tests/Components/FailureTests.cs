using Capsule.Plugins.Components;
using Capsule.Plugins.Failures;
using Capsule.Runtime.Grants;

namespace Capsule.Plugins.Tests.Components;

/// <summary>A plugin that traps, loops, exhausts its memory or is cancelled fails only that call; its instance is dropped.</summary>
public sealed class FailureTests(PluginHostFixture fixture) : IClassFixture<PluginHostFixture>
{
    private ComponentPlugin Reused(TimeSpan timeout, long memory = 128L << 20) => fixture.Load(new ComponentPluginOptions
    {
        MaxCallsPerInstance = 100,
        Limits = new ResourceLimits { Timeout = timeout, MaxMemoryBytes = memory },
    });

    [Fact]
    public void A_trap_fails_its_call_and_the_instance_is_not_used_again()
    {
        using var plugin = Reused(TimeSpan.FromSeconds(30));
        Assert.Equal(1U, plugin.Call("calls"));
        Assert.Equal(2U, plugin.Call("calls"));
        var e = Assert.Throws<PluginTrapException>(() => plugin.Call("fail"));
        Assert.Equal("capsule:plugin/transform@0.1.0#fail", e.Function);
        Assert.Equal(1U, plugin.Call("calls"));
    }

    [Fact]
    public void A_loop_stops_at_the_timeout_and_the_next_call_works()
    {
        using var plugin = Reused(TimeSpan.FromMilliseconds(500));
        Assert.Equal(1U, plugin.Call("calls"));
        var e = Assert.Throws<PluginTimeoutException>(() => plugin.Call("spin"));
        Assert.Equal(TimeSpan.FromMilliseconds(500), e.Limit);
        Assert.Equal(1U, plugin.Call("calls"));
    }

    [Fact]
    public void A_call_can_set_its_own_timeout()
    {
        using var plugin = Reused(TimeSpan.FromSeconds(60));
        Assert.Throws<PluginTimeoutException>(() => plugin.Call("busy", [5000], new PluginCallOptions { Timeout = TimeSpan.FromMilliseconds(300) }));
        Assert.Equal(10U, plugin.Call("busy", 10));
    }

    [Fact]
    public void A_cancelled_call_stops()
    {
        using var plugin = Reused(TimeSpan.FromSeconds(60));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        Assert.Throws<PluginCancelledException>(() => plugin.Call("spin", [], null, cancel.Token));
        Assert.Equal("OK", plugin.Call("shout", "ok"));
    }

    [Fact]
    public void Memory_without_end_fails_only_its_call()
    {
        // SpiderMonkey aborts (unreachable) when memory.grow is refused at the limit; Wasmtime's C API does not say
        // a grow was refused, so the component path reports this as a trap (the Extism path can tell, see ExtismLimitTests).
        using var plugin = Reused(TimeSpan.FromSeconds(60), memory: 48L << 20);
        var e = Assert.ThrowsAny<PluginException>(() => plugin.Call("hog"));
        Assert.True(e is PluginTrapException or PluginMemoryException, $"{e.GetType().Name}: {e.Message}");
        Assert.Equal("OK", plugin.Call("shout", "ok"));
    }
}
