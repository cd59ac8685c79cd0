using Capsule.Runtime.Artifacts;
using Capsule.Runtime.Engine;
using Capsule.Runtime.Grants;
using Capsule.Runtime.Loading;
using Capsule.Runtime.Running;

namespace Capsule.Runtime.Tests;

public sealed class ArtifactCacheTests(RuntimeFixture runtime) : IClassFixture<RuntimeFixture>, IDisposable
{
    private readonly TempDir _cacheDir = new();

    private GuestLoader CachedLoader() => new(runtime.Engine, new ArtifactCache(_cacheDir.Path, runtime.Engine));

    private LoadedGuest Load(string guest) => CachedLoader().Load(Guests.Get(guest));

    private string SingleEntry() => Assert.Single(Directory.GetFiles(_cacheDir.Path, "*.cwasm", SearchOption.AllDirectories));

    private void AssertRuns(LoadedGuest guest)
    {
        var stdout = new MemoryStream();
        var result = runtime.Runner.Run(guest, new GuestGrants { Arguments = ["args", "ok"] }, GuestOutput.ToCallbacks(d => stdout.Write(d), _ => { }));
        Assert.Equal(new RunOutcome.Exited(0), result.Outcome);
        Assert.EndsWith("args\nok\n", System.Text.Encoding.UTF8.GetString(stdout.ToArray()));
    }

    [Theory]
    [InlineData("probe.wasm")]
    [InlineData("probe.component.wasm")]
    public void First_load_compiles_second_loads_from_cache(string guest)
    {
        using (var first = Load(guest))
        {
            Assert.Equal(CacheOutcome.Compiled, first.Cache);
        }
        var entry = SingleEntry();
        Assert.StartsWith(Path.Combine(_cacheDir.Path, runtime.Engine.Fingerprint), entry);

        using var second = Load(guest);
        Assert.Equal(CacheOutcome.Loaded, second.Cache);
        AssertRuns(second);
    }

    [Fact]
    public void Large_js_component_is_not_recompiled_on_the_second_load()
    {
        using (var first = Load("hello-js.component.wasm"))
        {
            Assert.Equal(CacheOutcome.Compiled, first.Cache);
        }
        using var second = Load("hello-js.component.wasm");
        Assert.Equal(CacheOutcome.Loaded, second.Cache);
    }

    [Fact]
    public void Cached_js_component_is_mapped_from_its_entry_not_copied()
    {
        Load("hello-js.component.wasm").Dispose();
        var entry = SingleEntry();

        using var cached = Load("hello-js.component.wasm");
        Assert.Equal(CacheOutcome.Loaded, cached.Cache);
        // A mapped entry shows in the process's memory map under its own path;
        // one read into memory and copied would not.
        Assert.Contains(File.ReadLines("/proc/self/maps"), line => line.EndsWith(" " + entry, StringComparison.Ordinal));
    }

    [Fact]
    public void Entry_stays_usable_after_its_file_is_replaced_or_deleted()
    {
        Load("probe.component.wasm").Dispose();
        var entry = SingleEntry();
        using var cached = Load("probe.component.wasm");
        Assert.Equal(CacheOutcome.Loaded, cached.Cache);

        // What a rebuild or a cache clean-up does to the name: the mapping keeps the old file.
        File.Delete(entry);
        AssertRuns(cached);
    }

    [Fact]
    public void A_mapped_entry_replaced_by_rename_keeps_serving_and_the_new_file_is_checked_before_use()
    {
        Load("probe.component.wasm").Dispose();
        var entry = SingleEntry();
        using var cached = Load("probe.component.wasm");
        Assert.Equal(CacheOutcome.Loaded, cached.Cache);
        Assert.Contains(File.ReadLines("/proc/self/maps"), line => line.EndsWith(" " + entry, StringComparison.Ordinal));

        // What the cache's writers do (README: entries are replaced by rename only): a new
        // file, here a short damaged one, renamed over the mapped name. The mapping keeps
        // the old inode, so the loaded code stays whole (an in-place truncate would SIGBUS).
        var replacement = entry + ".replacement";
        File.WriteAllBytes(replacement, [1, 2, 3]);
        File.Move(replacement, entry, overwrite: true);
        AssertRuns(cached);
        Assert.Contains(File.ReadLines("/proc/self/maps"), line => line.Contains(" " + entry + " (deleted)", StringComparison.Ordinal));

        // The next load checks the new file and refuses it instead of mapping it.
        using var rebuilt = Load("probe.component.wasm");
        Assert.Equal(CacheOutcome.Rebuilt, rebuilt.Cache);
    }

    [Theory]
    [InlineData("flip a byte in the machine code")]
    [InlineData("truncate")]
    [InlineData("empty")]
    [InlineData("garbage")]
    public void Damaged_entry_is_discarded_and_rebuilt(string damage)
    {
        Load("probe.wasm").Dispose();
        var entry = SingleEntry();
        var bytes = File.ReadAllBytes(entry);
        File.WriteAllBytes(entry, damage switch
        {
            "truncate" => bytes[..(bytes.Length / 2)],
            "empty" => [],
            "garbage" => System.Text.Encoding.ASCII.GetBytes(new string('x', 4096)),
            _ => Flip(bytes, bytes.Length / 2),
        });

        using var rebuilt = Load("probe.wasm");
        Assert.Equal(CacheOutcome.Rebuilt, rebuilt.Cache);
        AssertRuns(rebuilt);
        using var again = Load("probe.wasm");
        Assert.Equal(CacheOutcome.Loaded, again.Cache);
    }

    [Fact]
    public void Entry_of_another_wasm_under_this_name_is_foreign_and_rebuilt()
    {
        Load("hello.wasm").Dispose();
        var helloEntry = SingleEntry();
        Load("probe.wasm").Dispose();
        var probeEntry = Directory.GetFiles(_cacheDir.Path, "*.cwasm", SearchOption.AllDirectories).Single(f => f != helloEntry);
        File.Copy(helloEntry, probeEntry, overwrite: true);

        using var rebuilt = Load("probe.wasm");
        Assert.Equal(CacheOutcome.Rebuilt, rebuilt.Cache);
        AssertRuns(rebuilt);
    }

    [Fact]
    public void Entries_of_an_engine_with_other_settings_are_not_used()
    {
        Load("probe.wasm").Dispose();
        using var otherEngine = new CapsuleEngine(EngineSettings.Default with { MemoryInitCopyOnWrite = false });
        Assert.NotEqual(runtime.Engine.Fingerprint, otherEngine.Fingerprint);

        using var guest = new GuestLoader(otherEngine, new ArtifactCache(_cacheDir.Path, otherEngine)).Load(Guests.Get("probe.wasm"));
        Assert.Equal(CacheOutcome.Compiled, guest.Cache);
    }

    [Fact]
    public void Unwritable_cache_folder_costs_a_compile_not_the_run()
    {
        var blocked = _cacheDir.Combine("blocked");
        File.WriteAllText(blocked, "a file where the cache folder should be");
        var loader = new GuestLoader(runtime.Engine, new ArtifactCache(blocked, runtime.Engine));

        using var guest = loader.Load(Guests.Get("probe.wasm"));
        Assert.Equal(CacheOutcome.Compiled, guest.Cache);
        AssertRuns(guest);
    }

    private static byte[] Flip(byte[] bytes, int index)
    {
        bytes[index] ^= 0x5a;
        return bytes;
    }

    public void Dispose() => _cacheDir.Dispose();
}
