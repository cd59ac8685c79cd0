using Capsule.Runtime.Components.Running;
using Capsule.Runtime.Grants;
using Capsule.Runtime.Running;
using Microsoft.Extensions.Logging;

namespace Capsule.Wasi.Tests;

/// <summary>
/// Command guests that use files, sockets, terminals, arguments, environment and exit, run on the component layer
/// (<see cref="ComponentLayer.Core"/>) and on the component C API in the same test: same outcome, stdout, stderr and
/// the same files left in the mount; and the layer really ran them (nothing logged as a fallback).
/// </summary>
public sealed class LayerDifferentialTests(WasiHostFixture hosts) : IClassFixture<WasiHostFixture>
{
    [Theory]
    [InlineData(true, "cat", "/data/sub/inside.txt")]
    [InlineData(true, "cat", "/data/inner-link.txt")]
    [InlineData(false, "cat", "/data/../outside.txt")]
    [InlineData(false, "cat", "/data/escape.txt")]
    [InlineData(false, "cat", "/data/escape-dir/outside.txt")]
    [InlineData(false, "cat", "/data/loop-a")]
    [InlineData(false, "cat", "/data/missing.txt")]
    [InlineData(false, "write", "/data/new.txt", "written by the guest")]
    [InlineData(true, "write", "/data/ro.txt", "x")]
    [InlineData(false, "rename", "/data/sub/inside.txt", "/data/moved.txt")]
    [InlineData(true, "rename", "/data/sub/inside.txt", "/data/moved.txt")]
    [InlineData(false, "rename", "/data/sub/inside.txt", "/data/../stolen.txt")]
    [InlineData(false, "link", "/data/sub/inside.txt", "/data/linked.txt")]
    [InlineData(false, "link", "/data/sub/inside.txt", "/data/../stolen.txt")]
    [InlineData(false, "args", "one", "two words", "three")]
    [InlineData(false, "env")]
    [InlineData(false, "exit", "3")]
    [InlineData(false, "exit", "0")]
    [InlineData(false, "interleave", "20")]
    public void The_c_probe_behaves_the_same_on_both_layers(bool readOnly, params string[] args)
    {
        using var coreLayout = new EscapeLayout();
        using var apiLayout = new EscapeLayout();
        GuestGrants Grants(EscapeLayout layout) => new()
        {
            Arguments = [.. args],
            Environment = [new("GREETING", "hello"), new("EMPTY", "")],
            Mounts = [new DirectoryMount(layout.Mount, "/data", readOnly)],
        };

        var (onCore, log) = RunOnCore("probe.component.wasm", Grants(coreLayout));
        var onComponentApi = Run(hosts.Host, "probe.component.wasm", Grants(apiLayout));

        Assert.True(log.Count == 0, string.Join("\n", log));
        Assert.Equal(onComponentApi, onCore);
        Assert.Equal(Listing(apiLayout.Mount), Listing(coreLayout.Mount));
        Assert.Equal(EscapeLayout.Secret, File.ReadAllText(coreLayout.OutsideFile));
    }

    /// <summary>The file-system conformance probe (preview-1 calls through the adapter, every errno it can meet).</summary>
    [Theory]
    [InlineData("filestat", false)]
    [InlineData("symlink-filestat", false)]
    [InlineData("link", false)]
    [InlineData("rename", false)]
    [InlineData("slashes", false)]
    [InlineData("paths", false)]
    [InlineData("paths", true)]
    public void The_file_system_conformance_probe_prints_the_same_on_both_layers(string area, bool readOnly)
    {
        using var coreRoot = new TempDir();
        using var apiRoot = new TempDir();
        GuestGrants Grants(TempDir root) => new() { Arguments = [area], Mounts = [new DirectoryMount(root.Path, "/", readOnly)] };

        var (onCore, log) = RunOnCore("conform-fs.component.wasm", Grants(coreRoot));
        var onComponentApi = Run(hosts.Host, "conform-fs.component.wasm", Grants(apiRoot));

        Assert.True(log.Count == 0, string.Join("\n", log));
        Assert.Equal(onComponentApi.Stdout, onCore.Stdout);
        Assert.Equal(onComponentApi, onCore);
    }

    [Fact]
    public void The_poll_conformance_probe_prints_the_same_on_both_layers()
    {
        var grants = new GuestGrants { Arguments = ["stdio"] };
        var (onCore, log) = RunOnCore("conform-poll.component.wasm", grants);
        var onComponentApi = Run(hosts.Host, "conform-poll.component.wasm", grants);

        Assert.True(log.Count == 0, string.Join("\n", log));
        Assert.Equal(onComponentApi, onCore);
    }

    private (Result, List<string>) RunOnCore(string guestFile, GuestGrants grants)
    {
        var log = new ListLogger();
        using var core = new WasiHost(hosts.Engine) { ComponentLayer = ComponentLayer.Core, Logger = log };
        return (Run(core, guestFile, grants), log.Lines);
    }

    private Result Run(WasiHost host, string guestFile, GuestGrants grants)
    {
        using var guest = hosts.Loader.Load(Guests.Get(guestFile));
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var result = host.RunCommand(guest, grants, GuestOutput.ToCallbacks(d => stdout.Write(d), d => stderr.Write(d)));
        return new(result.Outcome, System.Text.Encoding.UTF8.GetString(stdout.ToArray()), System.Text.Encoding.UTF8.GetString(stderr.ToArray()));
    }

    private static string[] Listing(string folder) =>
        [.. Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(folder, p)).Order(StringComparer.Ordinal)];

    private sealed record Result(RunOutcome Outcome, string Stdout, string Stderr);

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
