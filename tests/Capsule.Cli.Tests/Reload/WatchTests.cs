namespace Capsule.Cli.Tests.Reload;

/// <summary>
/// capsule up --watch (issue 24 §3, as spin watch): a change to a file a component's build watch globs
/// match runs its real build command (a shell script choosing which prebuilt guest becomes app.wasm) and
/// swaps the rebuilt app in without a restart; a failed build, or a rebuilt component that no longer
/// links, keeps the running version and says why.
/// </summary>
public sealed class WatchTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
    private readonly TempDir _cache = new();
    private readonly TempDir _app = new();

    public WatchTests()
    {
        File.WriteAllText(_app.Combine("capsule.toml"), """
            [application]
            name = "watched"

            [[trigger.http]]
            route = "/..."
            component = "web"

            [component.web]
            source = "app.wasm"

            [component.web.build]
            command = "sh build.sh"
            watch = ["src/**/*.txt"]
            """);
        // The "build": the guest src/guest.txt names becomes app.wasm (a real command, no toolchain needed).
        File.WriteAllText(_app.Combine("build.sh"), "set -e\ncp \"$(cat src/guest.txt)\" app.wasm\n");
        Directory.CreateDirectory(_app.Combine("src"));
        Choose(Guests.Get("http-hello.wasm"));
    }

    private void Choose(string guest) => File.WriteAllText(_app.Combine("src", "guest.txt"), guest);

    [Fact]
    public async Task A_changed_source_is_rebuilt_and_swapped_in_without_a_restart()
    {
        using var served = await ServedCapsule.Start(_cache.Path, _app.Path, "watched", "--watch");
        var pid = served.Server.Id;
        Assert.Equal("hello from wat\n", await served.Client.GetStringAsync("/200b"));

        Choose(Guests.Get("http-status.wasm"));
        await served.Server.WaitForLine(l => l.Contains("watch: src/guest.txt changed: building component 'web'", StringComparison.Ordinal), Wait);
        await served.Server.WaitForLine(l => l.Contains("reload: version 2 serving", StringComparison.Ordinal), Wait);
        Assert.Equal("body from wat\n", await served.Client.GetStringAsync("/200b"));
        Assert.Equal(pid, served.Server.Id);

        // And again: every change is another build and another version.
        Choose(Guests.Get("http-hello.wasm"));
        await served.Server.WaitForLine(l => l.Contains("reload: version 3 serving", StringComparison.Ordinal), Wait);
        Assert.Equal("hello from wat\n", await served.Client.GetStringAsync("/200b"));
    }

    [Fact]
    public async Task A_failed_build_or_a_component_that_no_longer_links_keeps_the_running_version()
    {
        using var served = await ServedCapsule.Start(_cache.Path, _app.Path, "watched", "--watch");
        Assert.Equal("hello from wat\n", await served.Client.GetStringAsync("/200b"));

        Choose(_app.Combine("no-such-guest.wasm"));
        var failed = await served.Server.WaitForLine(l => l.Contains("watch: building component 'web' failed", StringComparison.Ordinal), Wait);
        Assert.Contains("version 1 keeps serving: ", failed);
        Assert.Contains("component.web.build.command: `sh build.sh` exited with 1", failed);
        Assert.Equal("hello from wat\n", await served.Client.GetStringAsync("/200b"));

        Choose(Guests.Get("http-unlinkable.wasm"));
        var unlinked = await served.Server.WaitForLine(l => l.Contains("reload failed", StringComparison.Ordinal), Wait);
        Assert.Contains("version 1 keeps serving", unlinked);
        Assert.Contains("capsule:test/missing", unlinked);
        Assert.Equal("hello from wat\n", await served.Client.GetStringAsync("/200b"));

        // Fixed: the next good build is swapped in.
        Choose(Guests.Get("http-status.wasm"));
        await served.Server.WaitForLine(l => l.Contains("reload: version 2 serving", StringComparison.Ordinal), Wait);
        Assert.Equal("body from wat\n", await served.Client.GetStringAsync("/200b"));
    }

    public void Dispose()
    {
        _app.Dispose();
        _cache.Dispose();
    }
}
