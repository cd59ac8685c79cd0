namespace Capsule.Cli.Tests;

public sealed class BenchInterruptTests
{
    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task A_signal_mid_run_stops_the_bench_and_removes_every_container_process_and_folder(string signal)
    {
        using var app = new TempDir();
        using var cache = new TempDir();
        File.WriteAllText(app.Combine("capsule.toml"), TestManifests.SingleComponent("hello", "http-hello.wasm"));
        using var bench = CapsuleProcess.Start(cache.Path, "bench", "compare", app.Path, "--runs", "50");
        var workspace = BenchRun.WorkspaceOf(await bench.WaitForLine(l => l.Contains("bench: working in", StringComparison.Ordinal), TimeSpan.FromMinutes(2)));
        // Mid-run, right as a container (else a plain process) is being started.
        var row = BenchCompareFixture.ContainersRun ? "runc + Node: start 2 " : "Node (process): start 2 ";
        await bench.WaitForLine(l => l.Contains(row, StringComparison.Ordinal), TimeSpan.FromMinutes(3));
        bench.Signal(signal);
        Assert.Equal(130, await bench.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains(await bench.RemainingLines(), l => l.Contains("bench stopped", StringComparison.Ordinal));
        Assert.Empty(BenchLeftovers.Find(Path.GetFileName(workspace), workspace, app.Path));
    }
}

public sealed class BenchBadInputTests
{
    [Theory]
    [InlineData("--runs", "0", "--runs: '0' is not between 1 and 1000")]
    [InlineData("--report", "out.txt", "--report: 'out.txt' must end in .md or .html")]
    [InlineData("--node", "/no/such/node", "--node: '/no/such/node' does not exist")]
    [InlineData("--memory-budget", "lots", "--memory-budget:")]
    public void Bad_options_say_which_and_exit_2_before_measuring(string option, string value, string message)
    {
        using var app = new TempDir();
        File.WriteAllText(app.Combine("capsule.toml"), TestManifests.SingleComponent("hello", "http-hello.wasm"));
        var result = CapsuleProcess.Run(app.Path, "bench", "compare", app.Path, option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr);
        Assert.DoesNotContain("working in", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void Without_APP_outside_the_repository_it_says_to_pass_one()
    {
        using var dir = new TempDir();
        var start = CapsuleProcess.StartInfo(dir.Path, ["bench", "compare"]);
        start.WorkingDirectory = dir.Path;
        var result = BenchRun.Run(start);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("examples/hello-js", result.Stderr);
        Assert.Contains("pass APP", result.Stderr);
        Assert.DoesNotContain("working in", result.Stderr);
    }

    [Fact]
    public void A_missing_app_is_named()
    {
        using var dir = new TempDir();
        var result = CapsuleProcess.Run(dir.Path, "bench", "compare", dir.Combine("nowhere"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nowhere", result.Stderr);
    }
}
