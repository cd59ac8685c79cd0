using System.Diagnostics;
using System.Net;
using Capsule.Hosting.Admission;
using Capsule.Hosting.Http;
using Capsule.Hosting.Manifest;
using Capsule.Runtime.Configuration;

namespace Capsule.Hosting.Tests;

/// <summary>
/// Admission control over real Kestrel: floods get 503 with Retry-After, never
/// 500; another component keeps its share; waits and memory are bounded.
/// http-sleep.wasm waits on a host timer for the number of ms at the end of its path.
/// </summary>
public sealed class AdmissionTests(HostingFixture hosting) : IClassFixture<HostingFixture>
{
    private static string TwoComponents(string slowLimits = "") => $$"""
        [application]
        name = "two"

        [[trigger.http]]
        route = "/slow/..."
        component = "slow"

        [[trigger.http]]
        route = "/..."
        component = "fast"

        [component.slow]
        {{TestManifests.Source("http-sleep.wasm")}}
        {{slowLimits}}

        [component.fast]
        {{TestManifests.Source("http-hello.wasm")}}
        """;

    private static ServerOptions Options(AdmissionOptions admission) =>
        new(new IPEndPoint(IPAddress.Loopback, 0)) { Admission = admission };

    [Fact]
    public async Task A_flood_on_one_component_gets_503_with_retry_after_while_another_keeps_its_share()
    {
        // 4 instances for the app; by default each component reserves half of
        // that split evenly (1), so the flood can take 3 and fast keeps 1.
        var admission = new AdmissionOptions { MaxConcurrent = 4, QueueLength = 2, QueueTimeout = TimeSpan.FromSeconds(20) };
        await using var app = await TestApp.Start(hosting, TwoComponents(), Options(admission));

        // 4 s each: all 12 arrive while the first three still run, however slowly a loaded machine connects them.
        var flood = Enumerable.Range(0, 12).Select(_ => app.Client.GetAsync("/slow/4000")).ToList();
        await app.Logs.WaitFor(l => l.Contains("admission: component slow", StringComparison.Ordinal));
        for (var i = 0; i < 5; i++)
        {
            var timer = Stopwatch.StartNew();
            var fast = await app.Client.GetAsync("/fast");
            Assert.Equal(HttpStatusCode.OK, fast.StatusCode);
            Assert.True(timer.Elapsed < TimeSpan.FromSeconds(1), $"the healthy component took {timer.Elapsed}");
        }
        var responses = await Task.WhenAll(flood);

        // 3 ran at once, 2 waited and ran next; the other 7 were refused at once.
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.Equal(7, refused.Count);
        Assert.All(refused, r => Assert.Equal("1", r.Headers.GetValues("Retry-After").Single()));
        Assert.Equal("Service Unavailable\n", await refused[0].Content.ReadAsStringAsync());
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("trap", StringComparison.Ordinal) || l.Contains(" 500 ", StringComparison.Ordinal));
        await app.Logs.WaitFor(l => l.Contains(
            "request failed: component=slow route=/slow/... cause=admission: component slow at 3/4 in flight, "
            + "app instances 3/4 in use, 1 held for other components' reserved shares, queue 2/2 full", StringComparison.Ordinal));
        await app.Logs.WaitFor(l => l.Contains("GET /slow/4000 503 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_component_maximum_from_the_manifest_bounds_its_instances()
    {
        var admission = new AdmissionOptions { QueueLength = 1, QueueTimeout = TimeSpan.FromSeconds(20) };
        await using var app = await TestApp.Start(hosting, TwoComponents("limits = { max_concurrent = 2 }"), Options(admission));

        // 4 s each: all 8 arrive while the first two still run, however slowly a loaded machine connects them.
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => app.Client.GetAsync("/slow/4000")));

        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.ServiceUnavailable));
        await app.Logs.WaitFor(l => l.Contains("cause=admission: component slow at 2/2 in flight, queue 1/1 full", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_queued_request_gets_503_after_the_queue_timeout()
    {
        var admission = new AdmissionOptions { QueueLength = 4, QueueTimeout = TimeSpan.FromMilliseconds(400) };
        await using var app = await TestApp.Start(hosting, TwoComponents("limits = { max_concurrent = 1 }"), Options(admission));

        var running = app.Client.GetAsync("/slow/4000");
        await Task.Delay(300);
        var timer = Stopwatch.StartNew();
        var queued = await app.Client.GetAsync("/slow/10");
        var waited = timer.Elapsed;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, queued.StatusCode);
        Assert.InRange(waited, TimeSpan.FromMilliseconds(350), TimeSpan.FromMilliseconds(2000));
        await app.Logs.WaitFor(l => l.Contains("cause=admission: component slow at 1/1 in flight, waited 400ms in the queue", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await running).StatusCode);
    }

    [Fact]
    public async Task The_memory_budget_admits_only_the_instances_whose_memory_limits_fit()
    {
        // Each instance reserves its 512 MiB limit (one linear memory): 2 fit in 1 GiB.
        var admission = new AdmissionOptions { QueueLength = 0, MemoryBudgetBytes = 1L << 30 };
        var manifest = TestManifests.SingleComponent("big", "http-sleep.wasm") + "\nlimits = { memory = \"512MiB\" }\n";
        await using var app = await TestApp.Start(hosting, manifest, Options(admission));

        // 4 s each: all 6 arrive while the first two still run, however slowly a loaded machine connects them.
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => app.Client.GetAsync("/4000")));

        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(4, responses.Count(r => r.StatusCode == HttpStatusCode.ServiceUnavailable));
        await app.Logs.WaitFor(l => l.Contains(
            "cause=admission: component big at 2/1000 in flight, memory budget 1GiB/1GiB in use, queue 0/0 full", StringComparison.Ordinal));
        // The budget comes back: the next request is admitted.
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/1")).StatusCode);
    }

    [Fact]
    public async Task A_component_whose_one_instance_exceeds_the_memory_budget_stops_start_up()
    {
        var admission = new AdmissionOptions { MemoryBudgetBytes = 1L << 30 };
        var error = await Assert.ThrowsAsync<ManifestException>(() =>
            TestApp.Start(hosting, TwoComponents("limits = { memory = \"2GiB\" }"), Options(admission)));
        Assert.EndsWith(
            "capsule.toml: component.slow.limits.memory: one instance does not fit: memory budget 2GiB/1GiB needed "
            + "(an instance reserves 2GiB: limits.memory for each linear memory it defines); raise --memory-budget or lower limits.memory",
            error.Message);
    }

    [Fact]
    public async Task Reserved_shares_that_do_not_fit_the_capacity_stop_start_up()
    {
        var admission = new AdmissionOptions { MaxConcurrent = 4 };
        var error = await Assert.ThrowsAsync<ManifestException>(() =>
            TestApp.Start(hosting, TwoComponents("limits = { reserved_concurrent = 5 }"), Options(admission)));
        Assert.EndsWith(
            "capsule.toml:14: component.slow.limits.reserved_concurrent: 5 reserved instances do not fit with the other components' "
            + "reserved shares: app instances 5/4 promised of the capacity",
            error.Message);
    }
}
