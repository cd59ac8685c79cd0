using System.Net;
using System.Text.Json.Nodes;
using Capsule.Cli.Bench;
using Capsule.Cli.Tests.Arm64;

namespace Capsule.Cli.Tests.Deploy;

/// <summary>
/// scripts/build-image.sh --multi-arch: one tag naming an OCI image index of a
/// linux/amd64 and a linux/arm64 image, each with its own manifest, config and
/// CPU's binaries; the amd64 one run with runc as the other image tests run
/// theirs, the arm64 one with runc too, its entrypoint started by qemu-user
/// copied into the container (this machine registers no binfmt handler).
/// </summary>
[Collection(ContainerImageCollection.Name)]
public sealed class MultiArchImageTests : IDisposable
{
    private const string Tag = "capsule-multiarch";
    private static readonly string Layout = Path.Combine(Guests.RepoRoot, "deploy", "image", "out", Tag, "oci");
    private readonly TempDir _temp = new();

    [Fact]
    public async Task The_multi_arch_image_is_an_index_of_an_amd64_and_an_arm64_image_and_each_serves_an_app()
    {
        // Publishes the arm64 capsule first when it is stale (scripts/publish-arm64.sh, cached).
        Tool.Run(Path.Combine(Guests.RepoRoot, "scripts", "build-image.sh"), ["--multi-arch", "--tag", Tag], TimeSpan.FromMinutes(50));

        var layoutIndex = Blob.Json(File.ReadAllText(Path.Combine(Layout, "index.json")));
        var tagged = layoutIndex["manifests"]!.AsArray().Single(m => (string?)m!["annotations"]?["org.opencontainers.image.ref.name"] == Tag)!;
        Assert.Equal("application/vnd.oci.image.index.v1+json", (string?)tagged["mediaType"]);
        var index = Blob.Read(Layout, tagged);
        Assert.Equal(2, (int)index["schemaVersion"]!);
        var platforms = index["manifests"]!.AsArray().ToDictionary(m => (string)m!["platform"]!["architecture"]!, m => m!);
        Assert.Equal(["amd64", "arm64"], platforms.Keys.Order());
        Assert.All(platforms.Values, m => Assert.Equal("linux", (string?)m["platform"]!["os"]));

        var layers = new List<string>();
        foreach (var (architecture, descriptor) in platforms)
        {
            Assert.Equal("application/vnd.oci.image.manifest.v1+json", (string?)descriptor["mediaType"]);
            var manifest = Blob.Read(Layout, descriptor);
            var config = Blob.Read(Layout, manifest["config"]!);
            Assert.Equal(architecture, (string?)config["architecture"]);
            Assert.Equal("linux", (string?)config["os"]);
            Assert.Equal(["/opt/capsule/capsule", "up"], config["config"]!["Entrypoint"]!.AsArray().Select(a => (string)a!));
            layers.Add((string)manifest["layers"]!.AsArray().Single()!["digest"]!);
            // The tag of each image alone names the same manifest.
            var own = layoutIndex["manifests"]!.AsArray().Single(m => (string?)m!["annotations"]?["org.opencontainers.image.ref.name"] == $"{Tag}-{architecture}")!;
            Assert.Equal((string?)descriptor["digest"], (string?)own["digest"]);
        }
        Assert.NotEqual(layers[0], layers[1]);

        var app = WriteWatApp();
        await Serve("amd64", app, args => args, rootfs => Assert.Equal("x86_64", ElfFile.Read(Path.Combine(rootfs, "opt", "capsule", "capsule")).Architecture));
        await Serve("arm64", app, args => new JsonArray([(JsonNode)"/qemu-aarch64-static", .. args.Select(a => a!.DeepClone())]), rootfs =>
        {
            Assert.Equal("aarch64", ElfFile.Read(Path.Combine(rootfs, "opt", "capsule", "capsule")).Architecture);
            Assert.Equal("aarch64", ElfFile.Read(Path.Combine(rootfs, "opt", "capsule", "libwasmtime.so")).Architecture);
            // qemu-user, static, copied in: the arm64 loader and libraries it then runs are the image's own.
            File.Copy(Tool.Run("sh", "-c", $"command -v {Arm64Capsule.Qemu}").Trim(), Path.Combine(rootfs, "qemu-aarch64-static"));
        });
    }

    public void Dispose() => _temp.Dispose();

    private async Task Serve(string architecture, string app, Func<JsonArray, JsonArray> entry, Action<string> prepare)
    {
        var port = FreePort();
        var id = $"capsule-{architecture}-test-" + Guid.NewGuid().ToString("N")[..8];
        var bundle = _temp.Combine($"bundle-{architecture}");
        JsonArray Args(JsonArray image)
        {
            var args = image.DeepClone().AsArray();
            var names = args.Select(a => (string?)a).ToList();
            args[names.IndexOf("--listen") + 1] = $"127.0.0.1:{port}";
            return entry(args);
        }
        // qemu-user 7.2 cannot map the instance pool (see Arm64Capsule); the same setting on both sides.
        using (var container = RuncContainer.Start(id, Layout, $"{Tag}-{architecture}", bundle, Args, ["CAPSULE_POOLING=off"], prepare,
            RuncContainer.ReadOnlyBind(app, "/app"), RuncContainer.Tmpfs("/var/lib/capsule", uid: 65532, mode: "0700")))
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(20) };
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
            while (true)
            {
                try
                {
                    using var response = await client.GetAsync("/anything");
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    Assert.Equal("hello from wat\n", await response.Content.ReadAsStringAsync());
                    break;
                }
                catch (HttpRequestException) when (!container.HasExited && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(200);
                }
                catch (HttpRequestException e)
                {
                    Assert.Fail($"{architecture}: the container did not answer ({e.Message}); it printed:\n{container.Output}");
                }
            }
        }
        Assert.DoesNotContain(id, Tool.Run("runc", "list"));
        Assert.False(Directory.Exists(bundle));
    }

    private string WriteWatApp()
    {
        var folder = _temp.Combine("app");
        Directory.CreateDirectory(folder);
        File.Copy(Guests.Get("http-hello.wasm"), Path.Combine(folder, "hello.wasm"));
        File.WriteAllText(Path.Combine(folder, "capsule.toml"), """
            [application]
            name = "portable"

            [[trigger.http]]
            route = "/..."
            component = "hello"

            [component.hello]
            source = "hello.wasm"
            """);
        // The container's user (65532) reads it through the bind mount.
        Tool.Run("chmod", "-R", "a+rX", _temp.Combine("app"));
        return folder;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Blobs of the layout, read by their descriptor, their digest checked.</summary>
    private static class Blob
    {
        public static JsonNode Json(string text) => JsonNode.Parse(text)!;

        public static JsonNode Read(string layout, JsonNode descriptor)
        {
            var digest = (string)descriptor["digest"]!;
            var bytes = File.ReadAllBytes(Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..]));
            Assert.Equal(digest, "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
            Assert.Equal((long)descriptor["size"]!, bytes.Length);
            return JsonNode.Parse(bytes)!;
        }
    }
}
