namespace Capsule.Cli.Tests;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class BenchWithoutRootTests
{
    private const UnixFileMode Everyone = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    [Fact]
    public void Without_root_one_line_says_the_container_rows_are_skipped_and_the_rest_is_measured()
    {
        using var app = new TempDir();
        File.WriteAllText(app.Combine("capsule.toml"), TestManifests.SingleComponent("hello", "http-hello.wasm"));
        File.SetUnixFileMode(app.Path, Everyone);
        var start = CapsuleProcess.StartInfo(app.Combine("cache"), ["bench", "compare", app.Path, "--runs", "1"]);
        if (BenchCompareFixture.IsRoot)
        {
            // As root (CI), run it as nobody: runc is there, root is not.
            string[] command = ["--reuid=65534", "--regid=65534", "--clear-groups", "--", start.FileName, .. start.ArgumentList];
            start.ArgumentList.Clear();
            foreach (var arg in command)
            {
                start.ArgumentList.Add(arg);
            }
            start.FileName = "setpriv";
            start.Environment["HOME"] = app.Path;
        }
        var run = BenchRun.Run(start);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var lines = run.Stdout.Split('\n');
        var runtime = BenchCompareFixture.Which("runc") ?? BenchCompareFixture.Which("crun");
        var why = runtime is null
            ? "container rows skipped: no runc or crun on PATH (apt-get install runc)"
            : $"container rows skipped: {Path.GetFileName(runtime)} needs root here (run capsule bench as root)";
        Assert.Equal([why], lines.Where(l => l.Contains("rows skipped", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.Contains("runc +", StringComparison.Ordinal) || l.Contains("crun +", StringComparison.Ordinal));
        // The rest is measured: Capsule against the plain processes, each with its one run.
        Assert.Contains(lines, l => l.StartsWith("Capsule warm (new instance per request) ", StringComparison.Ordinal) && l.Contains(" than Node (process) (", StringComparison.Ordinal));
    }
}
