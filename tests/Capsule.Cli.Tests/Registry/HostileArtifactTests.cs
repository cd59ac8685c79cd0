using System.Text.Json.Nodes;

namespace Capsule.Cli.Tests.Registry;

/// <summary>
/// Everything in a pulled artifact is hostile: file paths that climb out or are absolute,
/// component ids that are paths, sizes no app needs, content that does not match its digest.
/// Each is refused with one line and exit 2 (69 for content), and nothing is written outside
/// the cache's own folders.
/// </summary>
public sealed class HostileArtifactTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>, IDisposable
{
    private readonly RegistryUser _user = new();

    private string Registry => fixture.Registry.Address;

    private static readonly byte[] Content = "escaped!\n"u8.ToArray();

    [Theory]
    [InlineData("../../../escape.txt")]
    [InlineData("/tmp/escape.txt")]
    [InlineData("static/../../escape.txt")]
    [InlineData("./escape.txt")]
    [InlineData("a//escape.txt")]
    public async Task A_file_path_that_is_absolute_or_climbs_is_refused(string path)
    {
        var wasm = new RawArtifact.Layer(SpinArtifact.WasmMediaType, File.ReadAllBytes(Guests.Get("http-hello.wasm")));
        var locked = SpinArtifact.LockedApp(wasm.Digest, [SpinArtifact.File(path, Content, inline: true)]);
        var result = await PushAndPull("hostile/path", wasm, locked);
        Assert.Equal(new CapsuleResult(2, "", $"capsule: error: the pulled app cannot be served: component 'hello' has a file path \"{path}\" that is absolute, empty, or has an empty, '.' or '..' segment\n"), result);
        Assert.Empty(Directory.EnumerateFiles(_user.Combine(), "escape.txt", SearchOption.AllDirectories));
        Assert.False(File.Exists("/tmp/escape.txt"));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(_user.AppsDir), e => !Path.GetFileName(e).StartsWith('.'));
    }

    [Fact]
    public async Task A_very_long_hostile_path_is_named_once_and_cut_to_a_readable_line()
    {
        // A 5,000-character path was quoted in full, twice, in one error line.
        var path = "../" + new string('a', 5_000) + "/escape.txt";
        var wasm = new RawArtifact.Layer(SpinArtifact.WasmMediaType, File.ReadAllBytes(Guests.Get("http-hello.wasm")));
        var locked = SpinArtifact.LockedApp(wasm.Digest, [SpinArtifact.File(path, Content, inline: true)]);
        var result = await PushAndPull("hostile/long", wasm, locked);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("capsule: error: the pulled app cannot be served: component 'hello' has a file path \"../aaa", result.Stderr);
        Assert.Contains("…(4,502 characters)…", result.Stderr);
        Assert.True(result.Stderr.Length < 1000, $"the error line is {result.Stderr.Length} characters long");
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("/evil")]
    [InlineData("Evil")]
    public async Task A_component_id_that_is_not_a_Spin_id_is_refused(string id)
    {
        var wasm = new RawArtifact.Layer(SpinArtifact.WasmMediaType, File.ReadAllBytes(Guests.Get("http-hello.wasm")));
        var locked = SpinArtifact.LockedApp(wasm.Digest, [SpinArtifact.File("ok.txt", Content, inline: true)], componentId: id);
        var result = await PushAndPull("hostile/id", wasm, locked);
        Assert.Equal(new CapsuleResult(2, "", $"capsule: error: the pulled app cannot be served: component id \"{id}\" is not a Spin id (lowercase words of letters and digits joined by '-', at most 64 characters)\n"), result);
        Assert.Empty(Directory.EnumerateFiles(_user.Combine(), "ok.txt", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_layer_declaring_a_huge_size_is_refused_before_any_download()
    {
        var wasm = new RawArtifact.Layer(SpinArtifact.WasmMediaType, File.ReadAllBytes(Guests.Get("http-hello.wasm")));
        var locked = new RawArtifact.Layer(SpinArtifact.LockedMediaType, SpinArtifact.Bytes(SpinArtifact.LockedApp(wasm.Digest, [])));
        var huge = new RawArtifact.Layer(SpinArtifact.DataMediaType, "x"u8.ToArray(), DeclaredSize: 5L << 30);
        await RawArtifact.Push(Registry, "hostile/huge", "v1", SpinArtifact.Config(locked.Digest), [wasm, huge, locked]);
        var result = _user.Capsule("registry", "pull", $"{Registry}/hostile/huge:v1", "--insecure");
        Assert.Equal(new CapsuleResult(2, "", $"capsule: error: the artifact's manifest is not usable: layer 1 ({huge.Digest}) declares {5L << 30} bytes, more than the 1024 MiB Capsule accepts for one layer\n"), result);
        Assert.False(Directory.Exists(Path.Combine(_user.CacheDir, "registry", "blobs", "sha256")) && Directory.EnumerateFiles(Path.Combine(_user.CacheDir, "registry", "blobs", "sha256")).Any());
    }

    [Fact]
    public async Task Inline_content_that_does_not_match_its_digest_is_refused()
    {
        var wasm = new RawArtifact.Layer(SpinArtifact.WasmMediaType, File.ReadAllBytes(Guests.Get("http-hello.wasm")));
        var file = SpinArtifact.File("index.html", Content, inline: true);
        file["inline"] = Convert.ToBase64String("swapped\n"u8);
        var result = await PushAndPull("hostile/inline", wasm, SpinArtifact.LockedApp(wasm.Digest, [file]));
        Assert.Equal(new CapsuleResult(69, "", $"capsule: error: file \"index.html\" of component 'hello': its inline content does not match its digest {RawArtifact.DigestOf(Content)}: refused\n"), result);
    }

    [Fact]
    public async Task A_file_whose_content_no_layer_holds_is_refused()
    {
        var wasm = new RawArtifact.Layer(SpinArtifact.WasmMediaType, File.ReadAllBytes(Guests.Get("http-hello.wasm")));
        var result = await PushAndPull("hostile/missing", wasm, SpinArtifact.LockedApp(wasm.Digest, [SpinArtifact.File("index.html", Content)]));
        Assert.Equal(new CapsuleResult(2, "", $"capsule: error: file \"index.html\" of component 'hello': its content {RawArtifact.DigestOf(Content)} is not in the artifact (no layer has it)\n"), result);
    }

    private async Task<CapsuleResult> PushAndPull(string repository, RawArtifact.Layer wasm, JsonObject lockedApp)
    {
        var locked = new RawArtifact.Layer(SpinArtifact.LockedMediaType, SpinArtifact.Bytes(lockedApp));
        await RawArtifact.Push(Registry, repository, "v1", SpinArtifact.Config(locked.Digest), [wasm, locked]);
        var result = _user.Capsule("registry", "pull", $"{Registry}/{repository}:v1", "--insecure");
        // The progress lines say what was downloaded; the verdict is the last line.
        return result with { Stderr = string.Concat(result.Stderr.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("capsule: pulling", StringComparison.Ordinal)).Select(l => l + "\n")) };
    }

    public void Dispose() => _user.Dispose();
}
