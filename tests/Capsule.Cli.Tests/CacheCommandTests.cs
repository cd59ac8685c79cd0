using System.Text.RegularExpressions;

namespace Capsule.Cli.Tests;

/// <summary>The artifact cache as a user sees it with --verbose.</summary>
public sealed class CacheCommandTests : IDisposable
{
    private readonly TempDir _temp = new();

    private CapsuleResult Capsule(params string[] args) => CapsuleProcess.Run(_temp.Combine("env-cache"), args);

    [Fact]
    public void First_run_compiles_second_loads_corrupted_entry_is_rebuilt()
    {
        var cache = _temp.Combine("cache");
        var guest = Guests.Get("probe.wasm");

        var first = Capsule("run", guest, "--cache-dir", cache, "--verbose", "--", "args");
        Assert.Equal(0, first.ExitCode);
        Assert.Matches(@"^capsule: Compiled probe\.wasm in \d+ ms; cached as .*\.module\.cwasm\n$", first.Stderr);

        var second = Capsule("run", guest, "--cache-dir", cache, "--verbose", "--", "args");
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Matches(@"^capsule: Loaded probe\.wasm from cache in \d+ ms \(.*\.module\.cwasm\)\n$", second.Stderr);

        var entry = Assert.Single(Directory.GetFiles(cache, "*.cwasm", SearchOption.AllDirectories));
        var bytes = File.ReadAllBytes(entry);
        bytes[bytes.Length / 2] ^= 0xff;
        File.WriteAllBytes(entry, bytes);

        var third = Capsule("run", guest, "--cache-dir", cache, "--verbose", "--", "args");
        Assert.Equal(first.Stdout, third.Stdout);
        var lines = third.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"capsule: warning: Discarded cache entry {entry}: payload hash mismatch (corrupted); recompiling", lines[0]);
        Assert.StartsWith("capsule: Compiled probe.wasm in ", lines[1]);

        var fourth = Capsule("run", guest, "--cache-dir", cache, "--verbose", "--", "args");
        Assert.StartsWith("capsule: Loaded probe.wasm from cache", fourth.Stderr);
    }

    [Fact]
    public void Environment_variable_chooses_the_cache_folder()
    {
        Capsule("run", Guests.Get("hello.wasm"));
        Assert.Single(Directory.GetFiles(_temp.Combine("env-cache"), "*.cwasm", SearchOption.AllDirectories));
    }

    [Fact]
    public void No_cache_writes_nothing()
    {
        var result = Capsule("run", Guests.Get("hello.wasm"), "--no-cache");
        Assert.Equal(new CapsuleResult(0, "hello from wasm\n", ""), result);
        Assert.False(Directory.Exists(_temp.Combine("env-cache")));
    }

    [Fact]
    public void Failed_cache_write_is_reported_and_not_claimed_as_cached()
    {
        var blocked = _temp.Combine("blocked");
        File.WriteAllText(blocked, "a file where the cache folder should be");

        var result = Capsule("run", Guests.Get("hello.wasm"), "--cache-dir", blocked, "--verbose");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("hello from wasm\n", result.Stdout);
        Assert.Matches($@"^capsule: warning: Could not write cache entry {Regex.Escape(blocked)}/.*\.module\.cwasm: .*; continuing without it\ncapsule: Compiled hello\.wasm in \d+ ms; not cached\n$", result.Stderr);
    }

    [Fact]
    public async Task Three_processes_on_a_cold_cache_compile_once_the_others_wait_and_load()
    {
        // The 13 MB JS component compiles for seconds, so the three overlap.
        var cache = _temp.Combine("cache");
        var guest = Guests.Get("hello-js.component.wasm");
        var runs = Enumerable.Range(0, 3)
            .Select(_ => Task.Run(() => CapsuleProcess.Run(cache, "inspect", guest, "--verbose")))
            .ToArray();
        var results = await Task.WhenAll(runs);

        var stderrs = results.Select(r => (r.ExitCode, r.Stderr)).ToList();
        Assert.All(stderrs, r => Assert.Equal(0, r.ExitCode));
        Assert.Single(stderrs, r => r.Stderr.Contains("capsule: Compiled hello-js.component.wasm in ", StringComparison.Ordinal));
        Assert.Equal(2, stderrs.Count(r => r.Stderr.Contains("capsule: Loaded hello-js.component.wasm from cache", StringComparison.Ordinal)));
        Assert.Single(Directory.GetFiles(cache, "*.cwasm", SearchOption.AllDirectories));
    }

    public void Dispose() => _temp.Dispose();
}
