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
        var guest = Path.Combine(Guests.RepoRoot, "tests", "guests", "wat-components", "guest-resource-exit.wat");
        var core = Capsule("run", guest, "--component-layer", "core", "--verbose");
        var wasmtime = Capsule("run", guest);
        Assert.Equal(5, wasmtime.ExitCode);
        Assert.Equal(wasmtime.ExitCode, core.ExitCode);
        Assert.Equal(wasmtime.Stdout, core.Stdout);
        Assert.Contains("guest-resource-exit.wat: the component layer cannot run it (", core.Stderr);
    }

    /// <summary>The C probe (files through the adapter, environment, arguments, exit codes) on both layers.</summary>
    [Theory]
    [InlineData("--env", "GREETING=hi", "--", "env")]
    [InlineData("--", "args", "a", "b c")]
    [InlineData("--", "exit", "3")]
    [InlineData("--dir", "{data}::/data", "--", "cat", "/data/in.txt")]
    [InlineData("--dir", "{data}::/data", "--", "write", "/data/out.txt", "from the guest")]
    [InlineData("--dir", "{data}::/data:ro", "--", "write", "/data/out.txt", "refused")]
    [InlineData("--dir", "{data}::/data", "--", "cat", "/data/../secret.txt")]
    public void The_probe_gives_the_same_result_on_both_layers(params string[] args)
    {
        CapsuleResult RunOn(string layer)
        {
            var data = _temp.Combine(layer, "data");
            Directory.CreateDirectory(data);
            File.WriteAllText(Path.Combine(data, "in.txt"), "inside\n");
            File.WriteAllText(_temp.Combine(layer, "secret.txt"), "OUTSIDE-THE-MOUNT\n");
            string[] resolved = [.. args.Select(a => a.Replace("{data}", data))];
            var result = Capsule(["run", Guests.Get("probe.component.wasm"), "--component-layer", layer, "--verbose", .. resolved]);
            var written = Path.Combine(data, "out.txt");
            return result with { Stdout = result.Stdout + (File.Exists(written) ? $"[out.txt: {File.ReadAllText(written)}]" : "") };
        }

        var core = RunOn("core");
        var wasmtime = RunOn("wasmtime");
        Assert.DoesNotContain("component layer cannot run it", core.Stderr);
        Assert.DoesNotContain("OUTSIDE-THE-MOUNT", core.Stdout);
        Assert.Equal(wasmtime.ExitCode, core.ExitCode);
        Assert.Equal(wasmtime.Stdout, core.Stdout);
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
