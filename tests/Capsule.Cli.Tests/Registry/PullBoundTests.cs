using System.Text.Json.Nodes;

namespace Capsule.Cli.Tests.Registry;

/// <summary>
/// A pull stages what it downloads and unpacks, and keeps it only once the app is complete: a
/// pull refused half-way (here by the cache's size bound, as an archive expands past it) leaves
/// no blob and no folder behind.
/// </summary>
public sealed class PullBoundTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>, IDisposable
{
    private readonly RegistryUser _user = new();

    private string Registry => fixture.Registry.Address;

    [Fact]
    public async Task An_archive_expanding_past_the_cache_bound_is_refused_and_leaves_nothing()
    {
        // Two 600 KiB files in a few KiB of tar.gz; the bound is 1 MiB.
        var first = new byte[600 << 10];
        var second = new byte[600 << 10];
        Array.Fill(first, (byte)'a');
        Array.Fill(second, (byte)'b');
        var wasm = new RawArtifact.Layer(SpinArtifact.WasmMediaType, File.ReadAllBytes(Guests.Get("http-hello.wasm")));
        var archive = new RawArtifact.Layer(SpinArtifact.ArchiveMediaType, SpinArtifact.Archive(("a.txt", first), ("b.txt", second)));
        var locked = new RawArtifact.Layer(SpinArtifact.LockedMediaType, SpinArtifact.Bytes(SpinArtifact.LockedApp(wasm.Digest,
            new JsonArray(SpinArtifact.File("a.txt", first), SpinArtifact.File("b.txt", second)))));
        await RawArtifact.Push(Registry, "bound/app", "v1", SpinArtifact.Config(locked.Digest), [wasm, archive, locked]);

        var refused = _user.CapsuleWith([("CAPSULE_REGISTRY_CACHE_MIB", "1")], "registry", "pull", $"{Registry}/bound/app:v1", "--insecure");

        Assert.Equal(2, refused.ExitCode);
        Assert.EndsWith($"capsule: error: archive layer {archive.Digest}: its files would grow the registry cache past its bound of 1 MiB ($CAPSULE_REGISTRY_CACHE_MIB); nothing was kept\n", refused.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_user.CacheDir, "registry"), "*", SearchOption.AllDirectories));

        // Under the default bound the same pull completes, and only then are its blobs kept.
        var pulled = _user.Capsule("registry", "pull", $"{Registry}/bound/app:v1", "--insecure");
        Assert.Equal(0, pulled.ExitCode);
        Assert.True(File.Exists(Path.Combine(_user.CacheDir, "registry", "blobs", "sha256", archive.Digest["sha256:".Length..])));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_user.CacheDir, "registry", "staging")));
    }

    public void Dispose() => _user.Dispose();
}
