using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using k8s.Models;

namespace Capsule.Cli.Tests.Deploy;

/// <summary>
/// scripts/build-image.sh end to end, as a cluster node would use the image: built
/// without a daemon, unpacked by umoci and run with plain runc (read-only root, on
/// the host's network), then asked for its health and a page of the example app.
/// Needs root, runc, umoci, skopeo and docker-registry (scripts/install-services.sh).
/// The first run publishes capsule natively (minutes; 11 min on a 2-core machine
/// under a load of 40); later runs reuse the publish and the image (cached by
/// content in deploy/image/out/TAG).
/// </summary>
[Collection(ContainerImageCollection.Name)]
public sealed class ContainerImageTests : IDisposable
{
    private static readonly string Root = Guests.RepoRoot;
    private static readonly string Example = Path.Combine(Root, "examples", "hello-js");
    private readonly TempDir _temp = new();

    /// <summary>The plain image through a real registry, the app bind-mounted read-only at /app.</summary>
    [Fact]
    public async Task The_image_pushed_pulled_and_run_with_runc_serves_a_mounted_app_as_a_non_root_user()
    {
        BuildExample();
        using var registry = new DockerRegistry();
        var reference = $"{registry.Host}/capsule:test";
        BuildImage("--push", reference, "--insecure");

        // Pulled back into a fresh layout, as a node would.
        var pulled = _temp.Combine("pulled");
        Tool.Run("skopeo", "copy", "--quiet", "--src-tls-verify=false", $"docker://{reference}", $"oci:{pulled}:test");
        var imageBytes = new DirectoryInfo(Path.Combine(pulled, "blobs")).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        Assert.True(imageBytes < 150L << 20, $"the image is {imageBytes >> 20} MiB");

        await ServeAndCheck(pulled, "test", args => args, [], RuncContainer.ReadOnlyBind(Example, "/app"), RuncContainer.Tmpfs("/var/lib/capsule", uid: 65532, mode: "0700"));
    }

    /// <summary>
    /// The app baked in (--app), run as deploy/kubernetes runs it: the Deployment's
    /// args, and its volumes as the kubelet makes them (emptyDirs root's and open to
    /// all, the runtime-config ConfigMap read-only).
    /// </summary>
    [Fact]
    public async Task An_image_with_the_app_baked_in_serves_it_with_the_kubernetes_deployments_args_and_volumes()
    {
        BuildExample();
        BuildImage("--app", Example);
        var layout = Path.Combine(Root, "deploy", "image", "out", "capsule-hello-js", "oci");

        var objects = KubernetesObjects.ParseFolder(Path.Combine(Root, "deploy", "kubernetes"));
        var pod = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == "capsule").Spec.Template.Spec;
        var container = pod.Containers.Single(c => c.Name == "capsule");
        var configFolder = _temp.Combine("runtime-config");
        Directory.CreateDirectory(configFolder);
        foreach (var (key, value) in objects.OfType<V1ConfigMap>().Single().Data)
        {
            File.WriteAllText(Path.Combine(configFolder, key), value);
        }
        var mounts = container.VolumeMounts.Select(m => pod.Volumes.Single(v => v.Name == m.Name) switch
        {
            { EmptyDir: not null } => RuncContainer.Tmpfs(m.MountPath),
            { ConfigMap: not null } => RuncContainer.ReadOnlyBind(configFolder, m.MountPath),
            var other => throw new InvalidOperationException($"volume {other.Name}: no stand-in for its kind"),
        });

        // The env the Deployment sets: plain values, and from its Secret (the runtime config's ${REDIS_PASSWORD}).
        var secrets = objects.OfType<V1Secret>().ToList();
        var environment = container.Env.Select(e => $"{e.Name}={e.Value ?? secrets.Single(s => s.Metadata.Name == e.ValueFrom.SecretKeyRef.Name).StringData[e.ValueFrom.SecretKeyRef.Key]}");

        // Kubernetes keeps the image's entrypoint (capsule up) and puts the Deployment's args after it.
        await ServeAndCheck(layout, "capsule-hello-js", image => new JsonArray([.. image.Take(2).Select(a => a!.DeepClone()), .. container.Args.Select(a => (JsonNode)a)]), [.. environment], [.. mounts]);
    }

    public void Dispose() => _temp.Dispose();

    private static void BuildExample() =>
        Tool.Run(Path.Combine(Root, "scripts", "componentize-js"), [Path.Combine(Example, "handler.js"), Path.Combine(Example, "hello.wasm")], TimeSpan.FromMinutes(10));

    /// <summary>The tag scripts/build-image.sh gives the plain image (no app baked in).</summary>
    public const string DefaultTag = "capsule";

    /// <summary>Builds the plain image (or finds it up to date) and returns its OCI layout.</summary>
    public static string BuildDefaultImage()
    {
        BuildImage();
        return Path.Combine(Root, "deploy", "image", "out", DefaultTag, "oci");
    }

    private static void BuildImage(params string[] args) =>
        Tool.Run(Path.Combine(Root, "scripts", "build-image.sh"), args, TimeSpan.FromMinutes(30));

    private async Task ServeAndCheck(string layout, string tag, Func<JsonArray, JsonArray> args, string[] environment, params JsonObject[] mounts)
    {
        var port = FreePort();
        var metricsPort = FreePort();
        var id = "capsule-image-test-" + Guid.NewGuid().ToString("N")[..8];
        var bundle = _temp.Combine("bundle");
        using (var container = RuncContainer.Start(id, layout, tag, bundle, image => ListenOn(args(image), port, metricsPort), environment, mounts))
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
            if (container.Config["process"]!["args"]!.AsArray().Any(a => (string?)a == "--metrics-listen"))
            {
                // The Deployment's scrape endpoint listens on every interface, as the pod's annotations expect.
                using var metrics = await client.GetAsync($"http://127.0.0.1:{metricsPort}/metrics");
                Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
                Assert.Contains("capsule_requests_total", await metrics.Content.ReadAsStringAsync());
            }

            var uid = File.ReadLines($"/proc/{container.Pid}/status").Single(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            Assert.Equal("65532", uid.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[1]);
        }

        // Nothing left behind: no container, no mount, no bundle.
        Assert.DoesNotContain(id, Tool.Run("runc", "list"));
        Assert.DoesNotContain(File.ReadLines("/proc/mounts"), l => l.Contains(bundle, StringComparison.Ordinal));
        Assert.False(Directory.Exists(bundle));
    }

    // The image listens on 0.0.0.0:3000; on the host's network the test picks a free loopback port,
    // and a free port on every interface for the Deployment's metrics (0.0.0.0:9464).
    private static JsonArray ListenOn(JsonArray args, int port, int metricsPort)
    {
        var changed = args.DeepClone().AsArray();
        var names = changed.Select(a => (string?)a).ToList();
        changed[names.IndexOf("--listen") + 1] = $"127.0.0.1:{port}";
        if (names.IndexOf("--metrics-listen") is >= 0 and var metrics)
        {
            Assert.StartsWith("0.0.0.0:", (string?)changed[metrics + 1], StringComparison.Ordinal);
            changed[metrics + 1] = $"0.0.0.0:{metricsPort}";
        }
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
