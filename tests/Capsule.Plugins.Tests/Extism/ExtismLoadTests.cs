using Capsule.Plugins.Extism;
using Capsule.Plugins.Failures;

namespace Capsule.Plugins.Tests.Extism;

/// <summary>What is not an Extism plugin this host can run is refused at load, naming the cause.</summary>
public sealed class ExtismLoadTests(EngineFixture fixture) : IClassFixture<EngineFixture>
{
    [Fact]
    public void A_WASI_plugin_loaded_without_WASI_says_to_enable_it()
    {
        var e = Assert.Throws<PluginLoadException>(() => ExtismPlugin.Load(fixture.Engine, Guests.Get("extism-kitchen.wasm")));
        Assert.Contains("wasi_snapshot_preview1::", e.Message);
        Assert.Contains("Wasi = true", e.Message);
    }

    [Fact]
    public void Unknown_imports_are_named()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "odd.wat");
        File.WriteAllText(path, """(module (import "env" "thing" (func)) (func (export "run") (result i32) i32.const 0))""");
        var e = Assert.Throws<PluginLoadException>(() => ExtismPlugin.Load(fixture.Engine, path));
        Assert.Contains("unsatisfied import `env::thing`", e.Message);

        File.WriteAllText(path, """(module (import "extism:host/user" "my_func" (func)) (func (export "run") (result i32) i32.const 0))""");
        Assert.Contains("extism:host/user::my_func", Assert.Throws<PluginLoadException>(() => ExtismPlugin.Load(fixture.Engine, path)).Message);
    }

    [Fact]
    public void A_component_or_garbage_is_refused()
    {
        Assert.Contains("is a component", Assert.Throws<PluginLoadException>(() =>
            ExtismPlugin.Load(fixture.Engine, Guests.Get("http-hello.wasm"))).Message);
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "junk.wasm");
        File.WriteAllBytes(path, [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0xff, 0xff]);
        Assert.Throws<PluginLoadException>(() => ExtismPlugin.Load(fixture.Engine, path));
    }

    [Fact]
    public void A_guest_reading_outside_Extism_memory_traps_that_call_only()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "hostile.wat");
        File.WriteAllText(path, """
            (module
              (import "extism:host/env" "load_u64" (func $load (param i64) (result i64)))
              (import "extism:host/env" "store_u8" (func $store (param i64 i32)))
              (import "extism:host/env" "output_set" (func $out (param i64 i64)))
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (func (export "read_far") (result i32) (drop (call $load (i64.const 0x7fffffffffffff00))) (i32.const 0))
              (func (export "read_wrap") (result i32) (drop (call $load (i64.const -4))) (i32.const 0))
              (func (export "write_null") (result i32) (call $store (i64.const 0) (i32.const 1)) (i32.const 0))
              (func (export "output_far") (result i32) (call $out (call $alloc (i64.const 8)) (i64.const 0x100000)) (i32.const 0))
              (func (export "fine") (result i32) (call $out (call $alloc (i64.const 3)) (i64.const 3)) (i32.const 0)))
            """);
        using var plugin = ExtismPlugin.Load(fixture.Engine, path);
        foreach (var export in new[] { "read_far", "read_wrap", "write_null", "output_far" })
        {
            var e = Assert.Throws<PluginTrapException>(() => plugin.Call(export, ""));
            Assert.Contains("out of bounds", e.Cause);
        }
        Assert.Equal(new byte[3], plugin.Call("fine", []));
    }
}
