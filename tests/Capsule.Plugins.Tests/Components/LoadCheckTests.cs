using Capsule.Plugins.Components;
using Capsule.Plugins.Failures;

namespace Capsule.Plugins.Tests.Components;

/// <summary>At load, a plugin that does not export the world the app expects is refused, naming what is missing.</summary>
public sealed class LoadCheckTests(PluginHostFixture fixture) : IClassFixture<PluginHostFixture>
{
    [Fact]
    public void A_missing_function_is_named()
    {
        var world = PluginWorld.FromWit(PluginHostFixture.WorldWit.Replace("  /// The plugin's version.", "  translate: func(text: string) -> string;\n  /// The plugin's version.", StringComparison.Ordinal));
        var e = Assert.Throws<PluginLoadException>(() => fixture.Host.Load(Guests.Get("plugin-js.component.wasm"), world));
        Assert.Contains("exports capsule:plugin/transform@0.1.0 without its function translate", e.Message);
    }

    [Fact]
    public void A_missing_interface_is_named_with_what_the_component_exports()
    {
        var world = PluginWorld.FromWit(PluginHostFixture.WorldWit.Replace("package capsule:plugin@0.1.0;", "package capsule:plugin@0.2.0;", StringComparison.Ordinal));
        var e = Assert.Throws<PluginLoadException>(() => fixture.Host.Load(Guests.Get("plugin-js.component.wasm"), world));
        Assert.Contains("does not export capsule:plugin/transform@0.2.0", e.Message);
        Assert.Contains("it exports capsule:plugin/transform@0.1.0", e.Message);
    }

    [Fact]
    public void Core_modules_and_garbage_are_refused()
    {
        Assert.Contains("is a core module", Assert.Throws<PluginLoadException>(() => fixture.Host.Load(Guests.Get("extism-runaway.wasm"), fixture.World)).Message);
        using var dir = new TempDir();
        var junk = dir.Combine("junk.wasm");
        File.WriteAllBytes(junk, [0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0, 0xff]);
        Assert.StartsWith("plugin junk.wasm:", Assert.Throws<PluginLoadException>(() => fixture.Host.Load(junk, fixture.World)).Message);
    }

    [Fact]
    public void A_world_dynamic_calls_cannot_carry_is_refused_up_front()
    {
        var e = Assert.Throws<PluginLoadException>(() => PluginWorld.FromWit("""
            package a:b;
            interface i { resource r { get: func() -> u32; } make: func() -> r; }
            world w { export i; }
            """));
        Assert.Contains("a:b/i#get uses a resource", e.Message);
        Assert.Contains("is invalid", Assert.Throws<PluginLoadException>(() => PluginWorld.FromWit("package a:b; world w { export x: func(; }")).Message);
    }
}
