namespace Capsule.Cli.Tests;

/// <summary>
/// <c>capsule run --component-layer core</c> (hidden, issue 21): the same exit code and output as the default
/// layer; what the component layer cannot run yet falls back, said on stderr with --verbose.
/// </summary>
public sealed class ComponentLayerCommandTests : IDisposable
{
    private readonly TempDir _temp = new();

    private CapsuleResult Capsule(params string[] args) => CapsuleProcess.Run(_temp.Combine("cache"), args);

    [Fact]
    public void Exit_with_code_runs_on_the_core_layer_with_the_default_layers_result()
    {
        var guest = Path.Combine(Guests.RepoRoot, "tests", "guests", "wat-components", "exit-with-code.wat");
        var core = Capsule("run", guest, "--component-layer", "core", "--verbose");
        var wasmtime = Capsule("run", guest, "--component-layer", "wasmtime");
        Assert.Equal(7, core.ExitCode);
        Assert.DoesNotContain("component layer cannot run it", core.Stderr);
        Assert.Equal(wasmtime.ExitCode, core.ExitCode);
        Assert.Equal(wasmtime.Stdout, core.Stdout);
    }

    [Fact]
    public void A_component_the_core_layer_cannot_run_falls_back_saying_why()
    {
        string[] args = ["--env", "GREETING=hi", "--", "env"];
        var core = Capsule(["run", Guests.Get("probe.component.wasm"), "--component-layer", "core", "--verbose", .. args]);
        var wasmtime = Capsule(["run", Guests.Get("probe.component.wasm"), .. args]);
        Assert.Equal(new CapsuleResult(0, "GREETING=hi\n", ""), wasmtime);
        Assert.Equal(wasmtime.ExitCode, core.ExitCode);
        Assert.Equal(wasmtime.Stdout, core.Stdout);
        Assert.Contains("probe.component.wasm: the component layer cannot run it (import wasi:", core.Stderr);
    }

    [Fact]
    public void The_flag_is_hidden_and_checked()
    {
        Assert.DoesNotContain("--component-layer", Capsule("run", "--help").Stdout);
        var bad = Capsule("run", Guests.Get("hello.wasm"), "--component-layer", "fast");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("fast", bad.Stderr);
    }

    public void Dispose() => _temp.Dispose();
}
