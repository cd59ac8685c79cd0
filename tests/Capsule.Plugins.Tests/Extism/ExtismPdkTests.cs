using System.Buffers.Binary;
using Capsule.Plugins.Extism;
using Capsule.Plugins.Failures;

namespace Capsule.Plugins.Tests.Extism;

/// <summary>
/// Plugins built with Extism's own C PDK (tests/guests/extism/kitchen.c) give the results Extism documents
/// for the same examples (the PDK's README, Extism's count-vowels).
/// </summary>
public sealed class ExtismPdkTests(EngineFixture fixture) : IClassFixture<EngineFixture>
{
    private ExtismPlugin Kitchen(ExtismManifest? manifest = null) =>
        ExtismPlugin.Load(fixture.Engine, Guests.Get("extism-kitchen.wasm"), manifest, new ExtismPluginOptions { Wasi = true });

    [Fact]
    public void Count_vowels_answers_as_Extism_documents()
    {
        using var plugin = Kitchen();
        Assert.Equal("{\"count\": 3}", plugin.Call("count_vowels", "Hello, world!"));
        Assert.Equal("{\"count\": 0}", plugin.Call("count_vowels", ""));
    }

    [Fact]
    public void Greet_answers_hello_and_fails_for_Benjamin_with_the_error_the_plugin_set()
    {
        using var plugin = Kitchen();
        Assert.Equal("Hello, Zach", plugin.Call("greet", "Zach"));
        var e = Assert.Throws<PluginErrorException>(() => plugin.Call("greet", "Benjamin"));
        Assert.Equal("ERROR", e.Cause);
        Assert.Equal(-1, e.Code);
        Assert.Equal("Hello, Zach", plugin.Call("greet", "Zach"));
    }

    [Fact]
    public void Config_values_come_from_the_manifest()
    {
        var manifest = new ExtismManifest { Config = new Dictionary<string, string> { ["user"] = "Benjamin", ["émoji"] = "🦀 ünïcode" } };
        using var plugin = Kitchen(manifest);
        Assert.Equal("Hello, Benjamin", plugin.Call("greet_config", ""));
        Assert.Equal("🦀 ünïcode", plugin.Call("config", "émoji"));
        Assert.Equal("no such config key", Assert.Throws<PluginErrorException>(() => plugin.Call("config", "absent")).Cause);

        using var unconfigured = Kitchen();
        Assert.Equal("Invalid key", Assert.Throws<PluginErrorException>(() => unconfigured.Call("greet_config", "")).Cause);
    }

    [Fact]
    public void Vars_persist_across_calls_and_past_a_failed_call()
    {
        using var plugin = Kitchen();
        Assert.Equal("1", plugin.Call("count", ""));
        Assert.Equal("2", plugin.Call("count", ""));
        Assert.Throws<PluginTrapException>(() => plugin.Call("trap", ""));
        Assert.Equal("3", plugin.Call("count", ""));
        Assert.Equal(3UL, BinaryPrimitives.ReadUInt64LittleEndian(plugin.Vars["count"]));
    }

    [Fact]
    public void The_var_store_is_bounded_by_max_var_bytes_and_can_be_disabled()
    {
        using var plugin = Kitchen(new ExtismManifest { Memory = new ExtismMemoryLimits { MaxVarBytes = 100 } });
        plugin.Call("set_blob", new string('x', 50));
        var full = Assert.Throws<PluginTrapException>(() => plugin.Call("set_blob", new string('x', 200)));
        Assert.Contains("Variable store is full", full.Cause);
        Assert.Equal(50, plugin.Vars["blob"].Length);

        using var disabled = Kitchen(new ExtismManifest { Memory = new ExtismMemoryLimits { MaxVarBytes = 0 } });
        Assert.Contains("Vars are disabled", Assert.Throws<PluginTrapException>(() => disabled.Call("count", "")).Cause);
    }

    [Fact]
    public void Bytes_round_trip_through_input_and_output()
    {
        using var plugin = Kitchen();
        Assert.Equal("!dlrow ,olleH", plugin.Call("reverse", "Hello, world!"));
        Assert.Equal("13", plugin.Call("count_chars", "Hello, world!"));
        Assert.Equal("", plugin.Call("echo", ""));
        var binary = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7)).ToArray();
        Assert.Equal(binary, plugin.Call("echo", binary));
        Assert.Equal("ünïcödé 🦀", plugin.Call("echo", "ünïcödé 🦀"));
    }

    [Fact]
    public void One_instance_serves_calls_in_turn_so_globals_persist_until_a_call_fails()
    {
        using var plugin = Kitchen();
        Assert.Equal("{\"count\": 0}", plugin.Call("globals", ""));
        Assert.Equal("{\"count\": 1}", plugin.Call("globals", ""));
        Assert.Throws<PluginErrorException>(() => plugin.Call("fail", ""));
        Assert.Equal("{\"count\": 0}", plugin.Call("globals", ""));
    }

    [Fact]
    public void Errors_and_non_zero_codes_fail_only_their_call()
    {
        using var plugin = Kitchen();
        var failed = Assert.Throws<PluginErrorException>(() => plugin.Call("fail", ""));
        Assert.Equal("Some error message", failed.Cause);
        Assert.Equal(1, failed.Code);
        Assert.Equal(7, Assert.Throws<PluginErrorException>(() => plugin.Call("exit_code", "")).Code);
        var trap = Assert.Throws<PluginTrapException>(() => plugin.Call("trap", ""));
        Assert.Equal("unreachable", trap.Kind);
        Assert.Equal("{\"count\": 3}", plugin.Call("count_vowels", "Hello, world!"));
    }

    [Fact]
    public void An_unknown_function_is_a_clear_argument_error()
    {
        using var plugin = Kitchen();
        var e = Assert.Throws<ArgumentException>(() => plugin.Call("nope", ""));
        Assert.Contains("exports no function 'nope'", e.Message);
        Assert.Contains("count_vowels", e.Message);
        Assert.True(plugin.FunctionExists("greet"));
    }

    [Fact]
    public void Logs_go_to_the_logger_at_their_levels()
    {
        var log = new ListLogger();
        using var plugin = ExtismPlugin.Load(fixture.Engine, Guests.Get("extism-kitchen.wasm"), null, new ExtismPluginOptions { Wasi = true, Logger = log });
        plugin.Call("log_input", "hello log");
        Assert.Equal(["Debug:hello log", "Information:hello log", "Warning:hello log", "Error:hello log"], log.Lines);
    }
}
