namespace Capsule.Cli.Tests;

/// <summary>
/// Differential WASI 0.2 conformance: the same command components (C probes
/// turned into components with the preview-1 adapter) run through
/// <c>capsule run</c> on Capsule's own WASI host and on Wasmtime's, each in a
/// fresh folder, and must print the same stdout and stderr, exit alike and
/// leave the same files. The areas are those where the public wasi-testsuite
/// once failed only on Capsule's host; a few lines per area are pinned too, so
/// a change on both hosts at once still shows.
/// </summary>
public sealed class WasiConformanceTests : IDisposable
{
    private readonly TempDir _temp = new();

    public static TheoryData<string, string, bool, string[]> Areas => new()
    {
        { "conform-fs", "filestat", false, ["fd set mtim -100ns: ok", "  mtim exact 1 atim kept 1 size 100", "open with fdflags 16: ENOTSUP", "path set times file/: ENOTDIR"] },
        { "conform-fs", "symlink-filestat", false, ["set symlink mtim -200ns: ok", "  file mtim kept 1", "set through symlink: ok", "set times through escape: EPERM"] },
        { "conform-fs", "link", false, ["link file -> new/: ENOENT", "link file/ -> new: ENOTDIR", "link dangling -> x follow: EINVAL", "link subdir -> dirlink: EPERM"] },
        { "conform-fs", "rename", false, ["rename d/ -> f/: ok", "rename b/ -> g: ENOTDIR", "rename b -> g/: ENOTDIR", "rename . -> x: EBUSY"] },
        { "conform-fs", "slashes", false, ["symlink source <- target/ (dangling): ENOENT", "unlink target/ (dir): EISDIR", "unlink file/: ENOTDIR", "readlink dirlink/: EINVAL"] },
        { "conform-fs", "paths", false, ["open with trailing NUL: EINVAL", "open 'dir/nested///': ok", "open 'dir/nested/file/': ENOTDIR", "open up/x follow: EPERM"] },
        { "conform-fs", "paths", true, ["mkdir dir: EPERM", "open with trailing NUL: EPERM", "open '.': ok", "open '..': EPERM"] },
        { "conform-poll", "stdio", false, ["stdout and stderr write: [id 1 type 2 error 0] [id 2 type 2 error 0]", "read stdin: error 0 bytes 0"] },
    };

    [Theory]
    [MemberData(nameof(Areas))]
    public void Capsule_host_answers_as_wasmtime_host_does(string probe, string area, bool readOnly, string[] pinned)
    {
        var (capsule, capsuleFiles) = Run("capsule", probe, area, readOnly);
        var (wasmtime, wasmtimeFiles) = Run("wasmtime", probe, area, readOnly);

        Assert.Equal(wasmtime.Stdout, capsule.Stdout);
        Assert.Equal(wasmtime.Stderr, capsule.Stderr);
        Assert.Equal(wasmtime.ExitCode, capsule.ExitCode);
        Assert.Equal(wasmtimeFiles, capsuleFiles);
        Assert.Equal(new CapsuleResult(0, capsule.Stdout, ""), capsule);
        var lines = capsule.Stdout.Split('\n');
        Assert.All(pinned, line => Assert.Contains(line, lines));
    }

    // Not differential: Wasmtime's own host opens the FIFO and blocks until a writer comes.
    [Fact]
    public void A_fifo_asked_for_as_a_folder_is_refused_without_being_opened()
    {
        var (capsule, _) = Run("capsule", "conform-fs", "fifo", readOnly: false);

        Assert.Equal(0, capsule.ExitCode);
        Assert.Contains("open fifo as directory: ENOTDIR", capsule.Stdout.Split('\n'));
    }

    // Runs the probe with a fresh folder mounted at "/" (read-only if asked) and a file beside it that
    // a link may point at but no operation may reach; returns what it printed
    // and the files it left.
    private (CapsuleResult Result, string Files) Run(string host, string probe, string area, bool readOnly)
    {
        var run = _temp.Combine(host, area + (readOnly ? "-ro" : ""));
        var root = Path.Combine(run, "root");
        Directory.CreateDirectory(root);
        if (area == "fifo")
        {
            MakeFifo(Path.Combine(root, "fifo"));
        }
        var outside = Path.Combine(run, "outside");
        File.WriteAllText(outside, "not the guest's");
        var outsideTime = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(outside, outsideTime);

        var result = CapsuleProcess.Run(_temp.Combine("cache"),
            "run", "--wasi-host", host, "--dir", $"{root}::/{(readOnly ? ":ro" : "")}", Guests.Get($"{probe}.component.wasm"), "--", area);

        Assert.Equal(outsideTime, File.GetLastWriteTimeUtc(outside));
        Assert.Equal(["outside", "root"], Directory.GetFileSystemEntries(run).Select(Path.GetFileName).Order());
        return (result, Listing(root));
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    private static string Listing(string root) => string.Join('\n',
        new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
            .Select(entry => $"{Path.GetRelativePath(root, entry.FullName)} {(entry.LinkTarget is { } target ? "-> " + target : entry is DirectoryInfo ? "dir" : $"{((FileInfo)entry).Length} bytes")}")
            .Order(StringComparer.Ordinal));

    public void Dispose() => _temp.Dispose();
}
