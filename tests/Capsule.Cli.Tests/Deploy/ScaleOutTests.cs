using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Capsule.Cli.Tests.Deploy;

/// <summary>
/// Scale-out on one machine: the counter app pushed to a real registry, two runc containers
/// of scripts/build-image.sh's image each serving it with <c>capsule up --from-registry</c>, one
/// real redis-server as their shared key-value store, a YARP balancer in front. Increments from
/// both replicas add up exactly; one replica killed mid-load costs at most the requests in
/// flight, and the other serves the rest. Needs what ContainerImageTests needs, and redis-server.
/// </summary>
[Collection(ContainerImageCollection.Name)]
public sealed class ScaleOutTests(ITestOutputHelper output) : IDisposable
{
    private const int Concurrency = 8;
    private const string IncrementPath = "/wasi/default/incr/hits?delta=1";
    // Each replica pulls and compiles the 13 MB JS component (over 90 s on a loaded 2-core machine);
    // the load itself, 1,000 requests, takes seconds.
    private static readonly TimeSpan StartBound = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan LoadBound = TimeSpan.FromMinutes(2);
    private readonly TempDir _temp = new();

    [Fact]
    public async Task Two_runc_replicas_behind_a_balancer_share_one_redis_lose_no_increment_and_one_killed_mid_load_leaves_the_other_serving()
    {
        var layout = ContainerImageTests.BuildDefaultImage();
        var starting = Stopwatch.StartNew();
        using var startCancel = new CancellationTokenSource(StartBound);
        using var registry = new DockerRegistry();
        using var redis = new RedisServer();
        var reference = PushCounterApp(registry);
        var config = WriteRuntimeConfig(redis);
        var bundles = new[] { _temp.Combine("bundle-a"), _temp.Combine("bundle-b") };
        var ids = new[] { "capsule-scale-a-", "capsule-scale-b-" }.Select(p => p + Guid.NewGuid().ToString("N")[..8]).ToArray();

        using (var a = StartReplica(ids[0], layout, bundles[0], reference, config, out var portA))
        using (var b = StartReplica(ids[1], layout, bundles[1], reference, config, out var portB))
        {
            await Task.WhenAll(WaitUntilHealthy(a, portA, startCancel.Token), WaitUntilHealthy(b, portB, startCancel.Token));
            var started = starting.Elapsed;
            var loading = Stopwatch.StartNew();
            using var cancel = new CancellationTokenSource(LoadBound);
            await using var balancer = await LoadBalancer.Start(new Dictionary<string, Uri>
            {
                ["a"] = new($"http://127.0.0.1:{portA}"),
                ["b"] = new($"http://127.0.0.1:{portB}"),
            });
            using var client = new HttpClient { BaseAddress = balancer.Address, Timeout = TimeSpan.FromSeconds(30) };

            // Both replicas serve, and every increment lands once in the one Redis:
            // the guest's returned values are exactly 1..400, and so is the counter.
            var steady = await IncrementLoad.Drive(client, IncrementPath, 400, Concurrency, cancel.Token);
            Assert.All(steady, r => Assert.Equal(200, r.Status));
            var served = steady.CountBy(r => r.Replica ?? "(none)").ToDictionary();
            Assert.True(served.GetValueOrDefault("a") >= 40 && served.GetValueOrDefault("b") >= 40, $"served per replica: {Describe(served)}");
            Assert.Equal(Enumerable.Range(1, 400).Select(i => (long?)i), steady.Select(r => r.Value).Order());
            Assert.Equal(400, RedisCounter(redis));

            // Replica a killed after 100 of 400 requests: only requests in flight on it may fail.
            var killed = await IncrementLoad.Drive(client, IncrementPath, 400, Concurrency, cancel.Token, killAfter: 100, kill: a.Kill);
            var failed = killed.Count(r => r.Status != 200);
            Assert.True(a.HasExited, "replica a still runs");
            Assert.Contains(killed, r => !r.StartedAfterKill && r.Replica == "a");
            output.WriteLine($"started and healthy after {started.TotalSeconds:F0} s; phase 1 served {Describe(served)}; "
                + $"with a killed after 100 of 400: {failed} failed ({string.Join("; ", killed.Where(r => r.Status != 200).Select(r => $"{r.Status} {r.Error?.Trim()}").Distinct())})");
            Assert.True(failed <= Concurrency, $"{failed} requests failed (at most {Concurrency} were in flight): {Describe(killed.Where(r => r.Status != 200).CountBy(r => r.Status).ToDictionary())}");

            // After a short grace every request is served by b.
            await Task.Delay(TimeSpan.FromSeconds(2), cancel.Token);
            var after = await IncrementLoad.Drive(client, IncrementPath, 200, Concurrency, cancel.Token);
            Assert.All(after, r => Assert.Equal((200, "b"), (r.Status, r.Replica)));

            // No increment lost: a request that failed may or may not have reached Redis before the kill.
            var values = steady.Concat(killed).Concat(after).Where(r => r.Status == 200).Select(r => r.Value!.Value).ToList();
            Assert.Equal(values.Count, values.Distinct().Count());
            var counter = RedisCounter(redis);
            output.WriteLine($"{values.Count} increments answered 200, {failed} failed, the Redis counter is {counter}");
            Assert.InRange(counter, values.Count, values.Count + failed);
            output.WriteLine($"the load took {loading.Elapsed.TotalSeconds:F1} s");
            Assert.True(loading.Elapsed < LoadBound, $"the load took {loading.Elapsed}");
        }

        // Nothing left behind: no container, no mount, no bundle.
        var containers = Tool.Run("runc", "list");
        Assert.All(ids, id => Assert.DoesNotContain(id, containers));
        Assert.All(bundles, bundle => Assert.DoesNotContain(File.ReadLines("/proc/mounts"), l => l.Contains(bundle, StringComparison.Ordinal)));
        Assert.All(bundles, bundle => Assert.False(Directory.Exists(bundle)));
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>The key-value test guest as an app whose default store is all it uses, pushed with capsule registry push.</summary>
    private string PushCounterApp(DockerRegistry registry)
    {
        var app = _temp.Combine("counter");
        Directory.CreateDirectory(app);
        File.Copy(Guests.Get("kv-js.component.wasm"), Path.Combine(app, "kv.wasm"));
        File.WriteAllText(Path.Combine(app, "capsule.toml"), """
            spin_manifest_version = 2

            [application]
            name = "counter"

            [[trigger.http]]
            route = "/..."
            component = "kv"

            [component.kv]
            source = "kv.wasm"
            key_value_stores = ["default"]
            """);
        var reference = $"{registry.Host}/scale-out/counter:v1";
        var pushed = CapsuleProcess.Run(_temp.Combine("cache"), "registry", "push", reference, app, "--insecure");
        Assert.True(pushed.ExitCode == 0, pushed.Stderr);
        return reference;
    }

    /// <summary>A folder holding runtime-config.toml, the default store on <paramref name="redis"/>; mounted at /config.</summary>
    private string WriteRuntimeConfig(RedisServer redis)
    {
        var folder = _temp.Combine("runtime-config");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "runtime-config.toml"), $"""
            [key_value_store.default]
            type = "redis"
            url = "{redis.Url}"
            """);
        return folder;
    }

    /// <summary>The image's entrypoint (capsule up) serving the app from the registry on its own loopback port.</summary>
    private static RuncContainer StartReplica(string id, string layout, string bundle, string reference, string config, out int port)
    {
        var listen = FreePort();
        port = listen;
        return RuncContainer.Start(
            id,
            layout,
            ContainerImageTests.DefaultTag,
            bundle,
            image => new JsonArray([
                .. image.Take(2).Select(a => a!.DeepClone()),
                .. new[]
                {
                    "--from-registry", reference, "--insecure", "--listen", $"127.0.0.1:{listen}",
                    "--state-dir", "/var/lib/capsule/state", "--runtime-config-file", "/config/runtime-config.toml",
                }.Select(a => (JsonNode)a),
            ]),
            RuncContainer.Tmpfs("/var/lib/capsule", uid: 65532, mode: "0700"),
            RuncContainer.ReadOnlyBind(config, "/config"));
    }

    private static async Task WaitUntilHealthy(RuncContainer container, int port, CancellationToken cancel)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        while (true)
        {
            try
            {
                using var health = await client.GetAsync($"http://127.0.0.1:{port}/.well-known/spin/health", cancel);
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Still pulling and compiling: capsule up listens once the app is loaded.
            }
            if (container.HasExited || cancel.IsCancellationRequested)
            {
                Assert.Fail($"replica {container.Id} did not become healthy; it printed:\n{container.Output}");
            }
            await Task.Delay(200, CancellationToken.None);
        }
    }

    private static long RedisCounter(RedisServer redis) =>
        long.Parse(Tool.Run("redis-cli", "-p", redis.Port.ToString(), "GET", "hits").Trim());

    private static string Describe<TKey>(Dictionary<TKey, int> counts) where TKey : notnull =>
        string.Join(", ", counts.Select(c => $"{c.Key}: {c.Value}"));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
