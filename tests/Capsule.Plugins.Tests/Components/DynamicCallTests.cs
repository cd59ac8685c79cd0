using Capsule.Plugins.Components;

namespace Capsule.Plugins.Tests.Components;

/// <summary>A component plugin (tests/guests/js/plugin) called by export name with .NET values of every WIT shape.</summary>
public sealed class DynamicCallTests(PluginHostFixture fixture) : IClassFixture<PluginHostFixture>
{
    private static Dictionary<string, object?> Item(string name, uint price, params string[] tags) =>
        new() { ["name"] = name, ["price"] = price, ["tags"] = tags };

    [Fact]
    public void Strings_lists_and_numbers_round_trip()
    {
        using var plugin = fixture.Load();
        Assert.Equal("HÉLLO WÖRLD 🦀", plugin.Call("shout", "héllo wörld 🦀"));
        Assert.Equal(6UL, plugin.Call("sum", new uint[] { 1, 2, 3 }));
        Assert.Equal(0UL, plugin.Call("sum", Array.Empty<int>()));
        Assert.Equal(new byte[] { 3, 2, 1, 0 }, plugin.Call("reverse-bytes", new byte[] { 0, 1, 2, 3 }));
    }

    [Fact]
    public void Records_variants_options_results_and_enums_round_trip()
    {
        using var plugin = fixture.Load();
        var scaled = Assert.IsType<Dictionary<string, object?>>(plugin.Call("scale", Item("tea", 7, "hot"), 3));
        Assert.Equal("tea", scaled["name"]);
        Assert.Equal(21U, scaled["price"]);
        Assert.Equal(new object?[] { "hot", "scaled" }, scaled["tags"]);

        Assert.Equal(new PluginVariant("skipped"), plugin.Call("judge", [null]));
        var accepted = Assert.IsType<PluginVariant>(plugin.Call("judge", Item("cup", 50)));
        Assert.Equal("accepted", accepted.Case);
        Assert.Equal(50U, Assert.IsType<Dictionary<string, object?>>(accepted.Value)["price"]);
        Assert.Equal(new PluginVariant("rejected", "car costs 500"), plugin.Call("judge", Item("car", 500)));

        Assert.Equal(PluginResult.Ok(3), plugin.Call("divide", 7, 2));
        Assert.Equal(PluginResult.Err("division by zero"), plugin.Call("divide", 1, 0));
        Assert.Equal("busy", plugin.Call("mood-of", 20));
        Assert.Equal("calm", plugin.Call("mood-of", 2));
    }

    [Fact]
    public void Arguments_that_do_not_fit_fail_before_the_guest_runs_naming_where()
    {
        using var plugin = fixture.Load();
        Assert.Contains("shout takes 1 arguments (input), not 2", Assert.Throws<ArgumentException>(() => plugin.Call("shout", "a", "b")).Message);
        Assert.Contains("input: expected a string, got Int32", Assert.Throws<ArgumentException>(() => plugin.Call("shout", 5)).Message);
        Assert.Contains("numbers[1]: -1 is out of the range of u32", Assert.Throws<ArgumentException>(() => plugin.Call("sum", new[] { 1, -1 })).Message);
        var record = new Dictionary<string, object?> { ["name"] = "x", ["price"] = 1U };
        Assert.Contains("has no value for its field 'tags'", Assert.Throws<ArgumentException>(() => plugin.Call("scale", record, 1)).Message);
        Assert.Contains("exports no function 'nope'", Assert.Throws<ArgumentException>(() => plugin.Call("nope")).Message);
        Assert.Equal("OK", plugin.Call("shout", "ok"));
    }

    [Fact]
    public void Each_call_gets_a_fresh_instance_by_default()
    {
        using var plugin = fixture.Load();
        Assert.Equal(1U, plugin.Call("calls"));
        Assert.Equal(1U, plugin.Call("calls"));
    }

    [Fact]
    public void A_reused_instance_serves_up_to_its_limit_of_calls()
    {
        using var plugin = fixture.Load(new ComponentPluginOptions { MaxCallsPerInstance = 3 });
        Assert.Equal(new object?[] { 1U, 2U, 3U, 1U, 2U }, Enumerable.Range(0, 5).Select(_ => plugin.Call("calls")).ToArray());
    }
}
