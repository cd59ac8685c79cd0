namespace Capsule.Cli.Tests;

/// <summary>
/// <c>capsule up --component-layer core</c> (hidden, issue 21) and <c>CAPSULE_COMPONENT_LAYER</c>: the component layer
/// serves the wat and the componentize-js guests (a component it cannot run would be served on the component C API,
/// said once at load with the reason: see LayerDifferentialTests and ComponentLayerCommandTests).
/// </summary>
public sealed class ComponentLayerUpTests : IDisposable
{
    private readonly TempDir _temp = new();

    private string App()
    {
        var manifest = _temp.Combine("capsule.toml");
        File.WriteAllText(manifest, $"""
            [application]
            name = "layers"

            [[trigger.http]]
            route = "/wat/..."
            component = "wat"

            [[trigger.http]]
            route = "/js/..."
            component = "js"

            [component.wat]
            {TestManifests.Source("http-hello.wasm")}

            [component.js]
            {TestManifests.Source("hello-js.component.wasm")}
            """);
        return manifest;
    }

    [Fact]
    public async Task Up_on_the_core_layer_serves_the_wat_and_the_js_guest()
    {
        using var served = await ServedCapsule.Start(_temp.Combine("cache"), App(), "layers", "--component-layer", "core");
        Assert.Equal("hello from wat\n", await served.Client.GetStringAsync("/wat/x"));
        Assert.Equal("hello from js: GET /js/x\n", await served.Client.GetStringAsync("/js/x"));
    }

    [Fact]
    public void A_layer_the_environment_names_wrongly_is_refused_in_one_line()
    {
        var start = CapsuleProcess.StartInfo(_temp.Combine("cache"), ["up", App(), "--listen", "127.0.0.1:0"]);
        start.Environment["CAPSULE_COMPONENT_LAYER"] = "fast";
        var result = CapsuleProcess.Run(start);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("capsule: error: CAPSULE_COMPONENT_LAYER=fast: expected core or wasmtime\n", result.Stderr);
    }

    [Fact]
    public void The_up_flag_is_hidden_and_checked()
    {
        var cache = _temp.Combine("cache");
        Assert.DoesNotContain("--component-layer", CapsuleProcess.Run(cache, "up", "--help").Stdout);
        var bad = CapsuleProcess.Run(cache, "up", App(), "--component-layer", "fast");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("fast", bad.Stderr);
    }

    public void Dispose() => _temp.Dispose();
}
