using Capsule.Runtime.Grants;
using Capsule.Runtime.Running;

namespace Capsule.Wasi.Tests;

/// <summary>wasi:filesystem on Capsule's host: mounts readable, nothing outside reachable, read-only honoured.</summary>
public sealed class FilesystemTests : IClassFixture<WasiHostFixture>, IDisposable
{
    private const string Secret = EscapeLayout.Secret;
    private readonly WasiHostFixture _hosts;
    private readonly EscapeLayout _layout = new();

    public FilesystemTests(WasiHostFixture hosts)
    {
        _hosts = hosts;
    }

    private (RunResult Result, string Stdout) Probe(bool readOnly, params string[] args)
    {
        var grants = new GuestGrants { Arguments = [.. args], Mounts = [new DirectoryMount(_layout.Mount, "/data", readOnly)] };
        var (result, stdout, _) = _hosts.RunOnCapsule("probe.component.wasm", grants);
        return (result, stdout);
    }

    [Fact]
    public void Reads_files_in_the_mount_and_through_inner_symlinks()
    {
        Assert.Equal("inside data\n", Probe(true, "cat", "/data/sub/inside.txt").Stdout);
        Assert.Equal("inside data\n", Probe(true, "cat", "/data/inner-link.txt").Stdout);
    }

    [Theory]
    [InlineData("/data/../outside.txt")]
    [InlineData("/data/sub/../../outside.txt")]
    [InlineData("/data/escape.txt")]
    [InlineData("/data/escape-dir/outside.txt")]
    [InlineData("/data/loop-a")]
    public void Escapes_are_refused(string path)
    {
        var (result, stdout) = Probe(false, "cat", path);
        Assert.Equal(new RunOutcome.Exited(1), result.Outcome);
        Assert.StartsWith($"error: open {path}: ", stdout);
        Assert.DoesNotContain(Secret, stdout);
    }

    [Fact]
    public void Absolute_host_path_is_refused()
    {
        var path = _layout.OutsideFile;
        var (result, stdout) = Probe(false, "cat", path);
        Assert.Equal(new RunOutcome.Exited(1), result.Outcome);
        Assert.DoesNotContain(Secret, stdout);
    }

    [Fact]
    public void Write_into_a_read_only_mount_is_refused()
    {
        var (result, stdout) = Probe(true, "write", "/data/new.txt", "x");
        Assert.Equal(new RunOutcome.Exited(1), result.Outcome);
        Assert.StartsWith("error: open /data/new.txt: ", stdout);
        Assert.False(File.Exists(Path.Combine(_layout.Mount, "new.txt")));
    }

    [Fact]
    public void Write_into_a_read_write_mount_lands_on_the_host()
    {
        var (result, stdout) = Probe(false, "write", "/data/new.txt", "written by the guest");
        Assert.Equal(new RunOutcome.Exited(0), result.Outcome);
        Assert.Equal("wrote /data/new.txt\n", stdout);
        Assert.Equal("written by the guest", File.ReadAllText(Path.Combine(_layout.Mount, "new.txt")));
    }

    [Fact]
    public void Rename_inside_a_read_write_mount_moves_the_file()
    {
        var (result, stdout) = Probe(false, "rename", "/data/sub/inside.txt", "/data/moved.txt");
        Assert.Equal(new RunOutcome.Exited(0), result.Outcome);
        Assert.Equal("renamed /data/sub/inside.txt to /data/moved.txt\n", stdout);
        Assert.Equal("inside data\n", File.ReadAllText(Path.Combine(_layout.Mount, "moved.txt")));
        Assert.False(File.Exists(Path.Combine(_layout.Mount, "sub", "inside.txt")));
    }

    [Fact]
    public void Link_inside_a_read_write_mount_adds_a_name()
    {
        var (result, stdout) = Probe(false, "link", "/data/sub/inside.txt", "/data/linked.txt");
        Assert.Equal(new RunOutcome.Exited(0), result.Outcome);
        Assert.Equal("linked /data/linked.txt to /data/sub/inside.txt\n", stdout);
        Assert.Equal("inside data\n", File.ReadAllText(Path.Combine(_layout.Mount, "linked.txt")));
        Assert.True(File.Exists(Path.Combine(_layout.Mount, "sub", "inside.txt")));
    }

    [Theory]
    [InlineData("rename", "/data/sub/inside.txt", "/data/../stolen.txt")]
    [InlineData("link", "/data/sub/inside.txt", "/data/../stolen.txt")]
    public void Rename_and_link_cannot_reach_outside_the_mount(params string[] args)
    {
        var (result, _) = Probe(false, args);
        Assert.Equal(new RunOutcome.Exited(1), result.Outcome);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_layout.Mount)!, "stolen.txt")));
        Assert.Equal(Secret, File.ReadAllText(_layout.OutsideFile));
    }

    [Theory]
    [InlineData(true, "cat", "/data/sub/inside.txt")]
    [InlineData(true, "rename", "/data/sub/inside.txt", "/data/moved.txt")]
    [InlineData(false, "rename", "/data/sub/inside.txt", "/data/moved.txt")]
    [InlineData(false, "rename", "/data/missing.txt", "/data/moved.txt")]
    [InlineData(false, "rename", "/data/sub/inside.txt", "/data/../stolen.txt")]
    [InlineData(true, "link", "/data/sub/inside.txt", "/data/linked.txt")]
    [InlineData(false, "link", "/data/sub/inside.txt", "/data/linked.txt")]
    [InlineData(false, "link", "/data/sub/inside.txt", "/data/../stolen.txt")]
    [InlineData(false, "cat", "/data/../outside.txt")]
    [InlineData(false, "cat", "/data/escape.txt")]
    [InlineData(true, "write", "/data/ro.txt", "x")]
    [InlineData(false, "cat", "/data/missing.txt")]
    public void Prints_what_wasmtime_prints(bool readOnly, params string[] args)
    {
        // Each host gets a layout of its own: a rename on one must not change what the other sees.
        using var other = new EscapeLayout();
        GuestGrants Grants(EscapeLayout layout) => new() { Arguments = [.. args], Mounts = [new DirectoryMount(layout.Mount, "/data", readOnly)] };
        var capsule = _hosts.RunOnCapsule("probe.component.wasm", Grants(_layout));
        var wasmtime = _hosts.RunOnWasmtime("probe.component.wasm", Grants(other));
        Assert.Equal(wasmtime.Stdout, capsule.Stdout);
        Assert.Equal(Listing(other.Mount), Listing(_layout.Mount));
        Assert.Equal(wasmtime.Result.Outcome, capsule.Result.Outcome);
    }

    private static string[] Listing(string folder) =>
        [.. Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(folder, p)).Order(StringComparer.Ordinal)];

    public void Dispose() => _layout.Dispose();
}
