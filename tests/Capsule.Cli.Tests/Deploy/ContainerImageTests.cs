using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Capsule.Cli.Tests.Deploy;

/// <summary>
/// scripts/build-image.sh end to end, as a cluster node would use the image: built
/// without a daemon, pushed to a real registry on loopback, pulled back, unpacked
/// by umoci and run with plain runc (read-only root, the example app bind-mounted
/// read-only at /app, a tmpfs for the state folder as a pod's emptyDir), then
/// asked for its health and a page of the example app. Needs root, runc, umoci,
/// skopeo and docker-registry (scripts/install-services.sh). The first run
/// publishes capsule natively (minutes); later runs reuse the image (cached by
/// content in deploy/image/out).
/// </summary>
public sealed class ContainerImageTests : IDisposable
{
    private readonly TempDir _temp = new();

    [Fact]
    public async Task The_image_pushed_pulled_and_run_with_runc_serves_the_example_app_as_a_non_root_user()
    {
        var root = Guests.RepoRoot;
        var example = Path.Combine(root, "examples", "hello-js");
        Tool.Run(Path.Combine(root, "scripts", "componentize-js"), [Path.Combine(example, "handler.js"), Path.Combine(example, "hello.wasm")], TimeSpan.FromMinutes(10));
        using var registry = new DockerRegistry();
        var reference = $"{registry.Host}/capsule:test";
        Tool.Run(Path.Combine(root, "scripts", "build-image.sh"), ["--push", reference, "--insecure"], TimeSpan.FromMinutes(30));

        // Pulled back into a fresh layout, as a node would.
        var pulled = _temp.Combine("pulled");
        Tool.Run("skopeo", "copy", "--quiet", "--src-tls-verify=false", $"docker://{reference}", $"oci:{pulled}:test");
        var imageBytes = new DirectoryInfo(Path.Combine(pulled, "blobs")).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        Assert.True(imageBytes < 150L << 20, $"the image is {imageBytes >> 20} MiB");

        var port = FreePort();
        var id = "capsule-image-test-" + Guid.NewGuid().ToString("N")[..8];
        var bundle = _temp.Combine("bundle");
        using (var container = RuncContainer.Start(
            id, pulled, "test", bundle, args => ListenOn(args, port),
            RuncContainer.ReadOnlyBind(example, "/app"), RuncContainer.Tmpfs("/var/lib/capsule", 65532)))
        {
            // The image's own command and user, as scripts/build-image.sh documents them.
            Assert.Equal(
                ["/opt/capsule/capsule", "up", "/app", "--listen", "0.0.0.0:3000", "--state-dir", "/var/lib/capsule/state"],
                container.Config["process"]!["args"]!.AsArray().Select(a => (string)a!));
            Assert.Equal(65532, (int)container.Config["process"]!["user"]!["uid"]!);

            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(20) };
            await WaitUntilHealthy(client, container, TimeSpan.FromMinutes(3));
            using var response = await client.GetAsync("/hello/Ada");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("Hello, Ada! This is JavaScript running in a Wasm sandbox on Capsule.", await response.Content.ReadAsStringAsync());

            var uid = File.ReadLines($"/proc/{container.Pid}/status").Single(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            Assert.Equal("65532", uid.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[1]);
        }

        // Nothing left behind: no container, no mount, no bundle.
        Assert.DoesNotContain(id, Tool.Run("runc", "list"));
        Assert.DoesNotContain(File.ReadLines("/proc/mounts"), l => l.Contains(bundle, StringComparison.Ordinal));
        Assert.False(Directory.Exists(bundle));
    }

    public void Dispose() => _temp.Dispose();

    // The image listens on 0.0.0.0:3000; on the host's network the test picks a free loopback port.
    private static JsonArray ListenOn(JsonArray args, int port)
    {
        var changed = args.DeepClone().AsArray();
        var listen = changed.Select(a => (string?)a).ToList().IndexOf("--listen");
        changed[listen + 1] = $"127.0.0.1:{port}";
        return changed;
    }

    private static async Task WaitUntilHealthy(HttpClient client, RuncContainer container, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var health = await client.GetAsync("/.well-known/spin/health");
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Still loading: capsule up listens once the app is compiled and linked.
            }
            if (container.HasExited || waited.Elapsed > timeout)
            {
                Assert.Fail($"the container did not become healthy in {waited.Elapsed.TotalSeconds:F0} s; it printed:\n{container.Output}");
            }
            await Task.Delay(200);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
