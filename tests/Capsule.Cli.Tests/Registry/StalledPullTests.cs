using System.Diagnostics;

namespace Capsule.Cli.Tests.Registry;

/// <summary>
/// A registry that stalls after its headers ends a pull with one line and exit 69 after the
/// idle timeout, not a hang; a signal during a pull ends it with one line and 128 + the
/// signal's number, no stack trace, and nothing kept.
/// </summary>
public sealed class StalledPullTests : IDisposable
{
    private readonly RegistryUser _user = new();
    private readonly StallingRegistry _registry = new();

    [Fact]
    public void A_layer_that_stops_coming_after_its_headers_ends_the_pull_after_the_idle_timeout()
    {
        var clock = Stopwatch.StartNew();
        var result = _user.CapsuleWith([("CAPSULE_REGISTRY_IDLE_SECONDS", "2")], "registry", "pull", $"{_registry.Address}/stall/app:v1", "--insecure");

        Assert.Equal(69, result.ExitCode);
        Assert.EndsWith($"capsule: error: registry {_registry.Address} stopped sending layer {StallingRegistry.StalledDigest}: nothing came for 2 s ($CAPSULE_REGISTRY_IDLE_SECONDS)\n", result.Stderr, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_user.CacheDir, "registry"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Up_from_a_registry_that_stalls_ends_with_one_line_too()
    {
        var result = _user.CapsuleWith([("CAPSULE_REGISTRY_IDLE_SECONDS", "2")], "up", "--from-registry", $"{_registry.Address}/stall/app:v1", "--insecure", "--listen", "127.0.0.1:0");

        Assert.Equal(69, result.ExitCode);
        Assert.EndsWith($"capsule: error: registry {_registry.Address} stopped sending layer {StallingRegistry.StalledDigest}: nothing came for 2 s ($CAPSULE_REGISTRY_IDLE_SECONDS)\n", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("INT", "SIGINT", 130)]
    [InlineData("TERM", "SIGTERM", 143)]
    public async Task A_signal_during_a_pull_gives_one_line_and_its_exit_code(string signal, string name, int exitCode)
    {
        if (signal == "INT" && InheritsIgnoredSigint())
        {
            // Started as a shell's background job, this test host (and so capsule) has SIGINT ignored:
            // the signal never arrives, as with `nohup`. Nothing to observe here.
            return;
        }
        using var pull = _user.Start("registry", "pull", $"{_registry.Address}/stall/app:v1", "--insecure");
        await pull.WaitForLine(l => l.StartsWith($"capsule: pulling {StallingRegistry.StalledDigest}", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        await Task.Delay(500); // into the stalled read

        pull.Signal(signal);

        Assert.Equal(exitCode, await pull.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Equal([$"capsule: error: pull stopped by {name}; nothing was kept"], await pull.RemainingLines());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_user.CacheDir, "registry"), "*", SearchOption.AllDirectories));
    }

    // SigIgn in /proc/self/status: a hex mask, bit N-1 for signal N (SIGINT is 2).
    private static bool InheritsIgnoredSigint()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 0b10) != 0;
    }

    public void Dispose()
    {
        _registry.Dispose();
        _user.Dispose();
    }
}
