namespace Capsule.Cli.Tests;

/// <summary><c>capsule run</c> end to end: real process, real guests, exact messages and exit codes.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly TempDir _temp = new();

    private CapsuleResult Capsule(params string[] args) => CapsuleProcess.Run(_temp.Combine("cache"), args);

    [Fact]
    public void Hello_prints_to_stdout_and_exits_zero()
    {
        var result = Capsule("run", Guests.Get("hello.wasm"));
        Assert.Equal(new CapsuleResult(0, "hello from wasm\n", ""), result);
    }

    [Fact]
    public void Text_format_runs_directly()
    {
        var wat = Path.Combine(Guests.RepoRoot, "tests", "guests", "wat", "hello.wat");
        Assert.Equal(new CapsuleResult(0, "hello from wasm\n", ""), Capsule("run", wat));
    }

    [Fact]
    public void Guest_exit_code_becomes_capsule_exit_code()
    {
        var result = Capsule("run", Guests.Get("probe.wasm"), "--", "exit", "3");
        Assert.Equal(new CapsuleResult(3, "", "exiting with 3\n"), result);
    }

    [Fact]
    public void Trap_prints_one_line_naming_it_then_the_backtrace()
    {
        var result = Capsule("run", Guests.Get("trap.wasm"));
        Assert.Equal(134, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("capsule: guest trapped: unreachable (wasm trap: wasm `unreachable` instruction executed)", lines[0]);
        Assert.StartsWith("    at trap.wasm!inner (offset 0x", lines[1]);
        Assert.StartsWith("    at trap.wasm!outer (offset 0x", lines[2]);
        Assert.DoesNotContain("Exception", result.Stderr);
    }

    [Fact]
    public void Stack_overflow_backtrace_is_cut_to_the_innermost_frames()
    {
        var result = Capsule("run", Guests.Get("recurse.wasm"));
        Assert.Equal(134, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("capsule: guest trapped: stack overflow (wasm trap: call stack exhausted)", lines[0]);
        Assert.Equal(18, lines.Length);
        Assert.All(lines[1..17], line => Assert.StartsWith("    at recurse.wasm!down", line));
        Assert.Matches(@"^    \.\.\. \d+ more frames$", lines[17]);
    }

    [Fact]
    public void Infinite_loop_times_out_with_its_own_exit_code()
    {
        var result = Capsule("run", Guests.Get("loop.wasm"), "--timeout", "300ms");
        Assert.Equal(new CapsuleResult(124, "", "capsule: guest timed out after 300ms (--timeout) and was interrupted\n"), result);
    }

    [Fact]
    public void Infinite_loop_runs_out_of_fuel()
    {
        var result = Capsule("run", Guests.Get("loop.wasm"), "--fuel", "5000");
        Assert.Equal(new CapsuleResult(134, "", "capsule: guest trapped: out of fuel (--fuel 5000 spent)\n"), result);
    }

    [Fact]
    public void Memory_bomb_stops_at_max_memory_and_the_host_reports_it()
    {
        var result = Capsule("run", Guests.Get("membomb.wasm"), "--max-memory", "16MiB");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "memory.grow failed\ncapsule: note: the guest reached its memory limit of 16MiB (--max-memory); memory.grow fails beyond it\n",
            result.Stderr);
    }

    [Theory]
    [InlineData("probe.wasm")]
    [InlineData("probe.component.wasm")]
    public void Arguments_environment_and_mounts_reach_module_and_component_alike(string guest)
    {
        var data = _temp.Combine("data");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "note.txt"), "granted file\n");

        Assert.Equal(new CapsuleResult(0, $"{guest}\nargs\n--flag\nx y\n", ""), Capsule("run", Guests.Get(guest), "--", "args", "--flag", "x y"));
        Assert.Equal(new CapsuleResult(0, "A=1\nB=two words\n", ""), Capsule("run", Guests.Get(guest), "--env", "A=1", "--env", "B=two words", "--", "env"));
        Assert.Equal(new CapsuleResult(0, "", ""), Capsule("run", Guests.Get(guest), "--", "env"));
        Assert.Equal(new CapsuleResult(0, "granted file\n", ""), Capsule("run", Guests.Get(guest), "--dir", $"{data}::/data:ro", "--", "cat", "/data/note.txt"));
        var refused = Capsule("run", Guests.Get(guest), "--dir", $"{data}::/data:ro", "--", "write", "/data/new.txt", "x");
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("error: open /data/new.txt: ", refused.Stdout);
        Assert.False(File.Exists(Path.Combine(data, "new.txt")));
    }

    [Fact]
    public void Command_component_prints_exactly_what_the_module_prints()
    {
        string[] args = ["--env", "GREETING=hi", "--", "env"];
        var module = Capsule(["run", Guests.Get("probe.wasm"), .. args]);
        var component = Capsule(["run", Guests.Get("probe.component.wasm"), .. args]);
        Assert.Equal(module, component);
        Assert.Equal("GREETING=hi\n", module.Stdout);
    }

    [Fact]
    public void Capsule_and_wasmtime_wasi_hosts_print_the_same()
    {
        var data = _temp.Combine("shared");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "f.txt"), "same bytes\n");
        string[] args = ["--dir", $"{data}::/d", "--env", "X=y", "--", "cat", "/d/f.txt"];
        var capsule = Capsule(["run", Guests.Get("probe.component.wasm"), "--wasi-host", "capsule", .. args]);
        var wasmtime = Capsule(["run", Guests.Get("probe.component.wasm"), "--wasi-host", "wasmtime", .. args]);
        Assert.Equal(new CapsuleResult(0, "same bytes\n", ""), capsule);
        Assert.Equal(wasmtime, capsule);
    }

    [Fact]
    public void Help_documents_every_option_and_exit_code()
    {
        var result = Capsule("run", "--help");
        Assert.Equal(0, result.ExitCode);
        foreach (var option in new[] { "--dir", "--env", "--max-memory", "--timeout", "--fuel", "--stdin", "--wasi-host", "--cache-dir", "--no-cache", "--verbose" })
        {
            Assert.Contains(option, result.Stdout);
        }
        foreach (var code in new[] { "2 ", "70 ", "124 ", "134 " })
        {
            Assert.Contains($"\n    {code}", result.Stdout);
        }
    }

    public void Dispose() => _temp.Dispose();
}
