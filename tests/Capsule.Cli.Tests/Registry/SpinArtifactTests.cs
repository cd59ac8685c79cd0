using System.Text;
using System.Text.Json.Nodes;

namespace Capsule.Cli.Tests.Registry;

/// <summary>
/// Apps in the layout <c>spin registry push</c> writes (files as data layers, inlined, or in an
/// archive layer; the locked app as a layer, or as the config blob as older Spin pushed it)
/// pull and serve; private routes are left out; files are placed by digest only.
/// </summary>
public sealed class SpinArtifactTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>, IDisposable
{
    private readonly RegistryUser _user = new();

    private string Registry => fixture.Registry.Address;

    private static byte[] Wasm => File.ReadAllBytes(Guests.Get("http-hello.wasm"));

    [Fact]
    public async Task A_Spin_pushed_app_with_data_inline_and_archived_files_is_pulled_and_served()
    {
        var index = Encoding.UTF8.GetBytes("<h1>" + new string('i', 300) + "</h1>");
        var inline = Encoding.UTF8.GetBytes("tiny");
        var archived = Encoding.UTF8.GetBytes("from the archive " + new string('a', 300));
        var wasm = new RawArtifact.Layer(SpinArtifact.WasmMediaType, Wasm);
        var files = new JsonArray(
            SpinArtifact.File("index.html", index),
            SpinArtifact.File("tiny.txt", inline, inline: true),
            SpinArtifact.File("docs/archived.txt", archived));
        var locked = new RawArtifact.Layer(SpinArtifact.LockedMediaType, SpinArtifact.Bytes(SpinArtifact.LockedApp(wasm.Digest, files)));
        // The archive's entry names mean nothing to the puller: files are found by content digest.
        var archive = new RawArtifact.Layer(SpinArtifact.ArchiveMediaType, SpinArtifact.Archive(("../../somewhere/else.txt", archived)));
        await RawArtifact.Push(Registry, "spin/app", "v1", SpinArtifact.Config(locked.Digest),
            [wasm, new RawArtifact.Layer(SpinArtifact.DataMediaType, index), archive, locked]);

        var pulled = _user.Capsule("registry", "pull", $"{Registry}/spin/app:v1", "--insecure");
        Assert.Equal(0, pulled.ExitCode);
        var folder = pulled.Stdout.Trim().Split(' ')[^1];
        Assert.Equal(index, File.ReadAllBytes(Path.Combine(folder, "files", "hello", "index.html")));
        Assert.Equal(inline, File.ReadAllBytes(Path.Combine(folder, "files", "hello", "tiny.txt")));
        Assert.Equal(archived, File.ReadAllBytes(Path.Combine(folder, "files", "hello", "docs", "archived.txt")));
        Assert.Empty(Directory.EnumerateFiles(_user.Combine(), "else.txt", SearchOption.AllDirectories));
        var toml = File.ReadAllText(Path.Combine(folder, "capsule.toml"));
        Assert.Single(toml.Split('\n'), l => l == "[[trigger.http]]"); // the private route is not served
        Assert.Contains("environment = { \"FROM\" = \"spin\" }", toml, StringComparison.Ordinal);

        using var served = await _user.ServeFromRegistry($"{Registry}/spin/app:v1", "spin-pushed");
        Assert.Equal("hello from wat\n", await served.Client.GetStringAsync("/anything"));
    }

    [Fact]
    public async Task An_app_whose_locked_app_is_the_config_blob_as_older_Spin_pushed_it_is_pulled()
    {
        var wasm = new RawArtifact.Layer(SpinArtifact.WasmMediaType, Wasm);
        var locked = SpinArtifact.Bytes(SpinArtifact.LockedApp(wasm.Digest, []));
        await RawArtifact.Push(Registry, "spin/old", "v1", locked, [wasm], configMediaType: SpinArtifact.LockedMediaType);
        var pulled = _user.Capsule("registry", "pull", $"{Registry}/spin/old:v1", "--insecure");
        Assert.Equal(0, pulled.ExitCode);
        Assert.True(File.Exists(Path.Combine(pulled.Stdout.Trim().Split(' ')[^1], "capsule.toml")));
    }

    [Fact]
    public async Task A_container_image_is_not_taken_for_an_app()
    {
        var layer = new RawArtifact.Layer("application/vnd.oci.image.layer.v1.tar+gzip", SpinArtifact.Archive(("bin/sh", [1, 2, 3])));
        await RawArtifact.Push(Registry, "images/busybox", "v1", Encoding.UTF8.GetBytes("""{"architecture":"amd64","os":"linux"}"""), [layer]);
        var pulled = _user.Capsule("registry", "pull", $"{Registry}/images/busybox:v1", "--insecure");
        Assert.Equal(new CapsuleResult(2, "", $"capsule: error: {Registry}/images/busybox:v1 is not a Spin app: no layer of type application/vnd.fermyon.spin.application.v1+config\n"), pulled);
    }

    public void Dispose() => _user.Dispose();
}
