namespace Capsule.Cli.Tests;

/// <summary>Every bad input: one clear line naming the file (or flag) and the cause, exit code 2, no .NET stack trace.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempDir _temp = new();

    private CapsuleResult Capsule(params string[] args) => CapsuleProcess.Run(_temp.Combine("cache"), args);

    private string WriteFile(string name, byte[] bytes)
    {
        var path = _temp.Combine(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static void AssertBadInput(CapsuleResult result, string expectedStderr)
    {
        Assert.Equal(new CapsuleResult(2, "", expectedStderr), result);
    }

    [Fact]
    public void Missing_file()
    {
        var path = _temp.Combine("missing.wasm");
        AssertBadInput(Capsule("run", path), $"capsule: error: {path}: file not found\n");
    }

    [Fact]
    public void Not_wasm()
    {
        var path = WriteFile("script.wasm", "echo hello\n"u8.ToArray());
        AssertBadInput(Capsule("run", path), $"capsule: error: {path}: not a WebAssembly file (it does not start with the \\0asm magic bytes)\n");
    }

    [Fact]
    public void Truncated_module()
    {
        var bytes = File.ReadAllBytes(Guests.Get("probe.wasm"));
        var path = WriteFile("truncated.wasm", bytes[..1000]);
        var result = Capsule("run", path);
        Assert.Equal(2, result.ExitCode);
        Assert.Matches($"^capsule: error: {System.Text.RegularExpressions.Regex.Escape(path)}: invalid WebAssembly module: .*\n$", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void Unsatisfied_import()
    {
        var path = Guests.Get("needs-env.wasm");
        AssertBadInput(Capsule("run", path),
            $"capsule: error: {path}: unsatisfied import `env::host_magic`: Capsule provides only WASI preview 1 (wasi_snapshot_preview1)\n");
    }

    [Fact]
    public void Module_without_start()
    {
        var path = Guests.Get("no-start.wasm");
        AssertBadInput(Capsule("run", path), $"capsule: error: {path}: module exports no _start function to run (it exports add)\n");
    }

    [Fact]
    public void Http_component_is_not_a_command_and_is_refused_before_compiling()
    {
        var path = Guests.Get("hello-js.component.wasm");
        AssertBadInput(Capsule("run", path),
            $"capsule: error: {path}: component does not export wasi:cli/run (it exports wasi:http/incoming-handler@0.2.10); it is an HTTP handler, to be served rather than run\n");
        // Compiling it would have left an entry in the cache (and taken seconds).
        Assert.False(Directory.Exists(_temp.Combine("cache")) && Directory.EnumerateFiles(_temp.Combine("cache"), "*.cwasm", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public void Endless_device_is_refused_from_its_first_bytes()
    {
        AssertBadInput(Capsule("run", "/dev/zero"), "capsule: error: /dev/zero: not a WebAssembly file (it does not start with the \\0asm magic bytes)\n");
    }

    [Fact]
    public void A_fifo_nobody_writes_to_is_refused_at_once()
    {
        // Opening a FIFO for reading waits for a writer: `capsule run FIFO` once blocked forever.
        var path = _temp.Combine("fifo");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]))
        {
            mkfifo.WaitForExit();
        }
        AssertBadInput(Capsule("run", path), $"capsule: error: {path}: sent nothing: a pipe or FIFO with no writer, not WebAssembly\n");
    }

    [Fact]
    public void File_beyond_the_size_limit_is_refused_unread()
    {
        var path = _temp.Combine("huge.wasm");
        using (var file = File.Create(path))
        {
            file.Write("\0asm\u0001\0\0\0"u8);
            file.SetLength(300L * 1024 * 1024); // sparse: no disk used
        }
        AssertBadInput(Capsule("run", path), $"capsule: error: {path}: larger than 256 MiB, the most Capsule reads of a WebAssembly file\n");
    }

    [Fact]
    public void Dir_that_does_not_exist()
    {
        var missing = _temp.Combine("no-such-dir");
        AssertBadInput(Capsule("run", Guests.Get("hello.wasm"), "--dir", missing),
            $"capsule: error: --dir '{missing}': no such directory: {missing}\nTry 'capsule run --help' for more information.\n");
    }

    [Fact]
    public void Malformed_size_and_duration()
    {
        AssertBadInput(Capsule("run", Guests.Get("hello.wasm"), "--max-memory", "lots"),
            "capsule: error: --max-memory 'lots' is not a size (expected e.g. 64MiB, 512M, 1GiB or a number of bytes)\nTry 'capsule run --help' for more information.\n");
        AssertBadInput(Capsule("run", Guests.Get("hello.wasm"), "--timeout", "5 parsecs"),
            "capsule: error: --timeout '5 parsecs' is not a duration (expected e.g. 500ms, 5s, 2m)\nTry 'capsule run --help' for more information.\n");
    }

    [Fact]
    public void Malformed_env()
    {
        AssertBadInput(Capsule("run", Guests.Get("hello.wasm"), "--env", "=value"),
            "capsule: error: --env '=value': expected NAME=VALUE\nTry 'capsule run --help' for more information.\n");
    }

    [Fact]
    public void Inspect_of_a_broken_file()
    {
        var path = WriteFile("empty.wasm", []);
        AssertBadInput(Capsule("inspect", path), $"capsule: error: {path}: empty file, not WebAssembly\n");
    }

    public void Dispose() => _temp.Dispose();
}
