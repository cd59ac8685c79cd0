using Capsule.Runtime.Grants;
using Capsule.Runtime.Running;

namespace Capsule.Runtime.Tests;

/// <summary>Mounted folders: readable inside, nothing outside, read-only honoured — for modules and components.</summary>
public sealed class FilesystemGrantTests : IClassFixture<RuntimeFixture>, IDisposable
{
    private const string Secret = EscapeLayout.Secret;
    private readonly RuntimeFixture _runtime;
    private readonly EscapeLayout _layout = new();

    public FilesystemGrantTests(RuntimeFixture runtime)
    {
        _runtime = runtime;
    }

    public static TheoryData<string> Guests => new() { "probe.wasm", "probe.component.wasm" };

    private (RunResult Result, string Stdout) Probe(string guest, bool readOnly, params string[] args)
    {
        var grants = new GuestGrants
        {
            Arguments = [.. args],
            Mounts = [new DirectoryMount(_layout.Mount, "/data", readOnly)],
        };
        var (result, stdout, _) = _runtime.Run(guest, grants);
        return (result, stdout);
    }

    [Theory]
    [MemberData(nameof(Guests))]
    public void Reads_a_file_in_the_mount(string guest)
    {
        Assert.Equal("inside data\n", Probe(guest, readOnly: true, "cat", "/data/sub/inside.txt").Stdout);
        Assert.Equal("inside data\n", Probe(guest, readOnly: true, "cat", "/data/inner-link.txt").Stdout);
    }

    [Theory]
    [MemberData(nameof(Guests))]
    public void Dot_dot_escape_is_refused(string guest) => AssertRefused(guest, "/data/../outside.txt");

    [Theory]
    [MemberData(nameof(Guests))]
    public void Deep_dot_dot_escape_is_refused(string guest) => AssertRefused(guest, "/data/sub/../../outside.txt");

    [Theory]
    [MemberData(nameof(Guests))]
    public void Absolute_host_path_is_refused(string guest) => AssertRefused(guest, _layout.OutsideFile);

    [Theory]
    [MemberData(nameof(Guests))]
    public void Symlink_pointing_out_of_the_mount_is_refused(string guest) => AssertRefused(guest, "/data/escape.txt");

    [Theory]
    [MemberData(nameof(Guests))]
    public void Directory_symlink_pointing_out_is_refused(string guest) => AssertRefused(guest, "/data/escape-dir/outside.txt");

    [Theory]
    [MemberData(nameof(Guests))]
    public void Nothing_is_visible_without_a_grant(string guest)
    {
        var (result, stdout, _) = _runtime.Run(guest, new GuestGrants { Arguments = ["cat", _layout.OutsideFile] });
        Assert.Equal(new RunOutcome.Exited(1), result.Outcome);
        Assert.StartsWith("error: open ", stdout);
        Assert.DoesNotContain(Secret, stdout);
    }

    [Theory]
    [MemberData(nameof(Guests))]
    public void Write_into_a_read_only_mount_is_refused(string guest)
    {
        var (result, stdout) = Probe(guest, readOnly: true, "write", "/data/new.txt", "x");
        Assert.Equal(new RunOutcome.Exited(1), result.Outcome);
        Assert.StartsWith("error: open /data/new.txt:", stdout);
        Assert.False(File.Exists(Path.Combine(_layout.Mount, "new.txt")));
    }

    [Theory]
    [MemberData(nameof(Guests))]
    public void Write_into_a_read_write_mount_lands_on_the_host(string guest)
    {
        var (result, stdout) = Probe(guest, readOnly: false, "write", "/data/new.txt", "written by the guest");
        Assert.Equal(new RunOutcome.Exited(0), result.Outcome);
        Assert.Equal("wrote /data/new.txt\n", stdout);
        Assert.Equal("written by the guest", File.ReadAllText(Path.Combine(_layout.Mount, "new.txt")));
    }

    private void AssertRefused(string guest, string path)
    {
        var (result, stdout) = Probe(guest, readOnly: false, "cat", path);
        Assert.Equal(new RunOutcome.Exited(1), result.Outcome);
        Assert.StartsWith($"error: open {path}:", stdout);
        Assert.DoesNotContain(Secret, stdout);
    }

    public void Dispose() => _layout.Dispose();
}
