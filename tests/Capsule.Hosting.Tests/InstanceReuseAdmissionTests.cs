using System.Net;
using Capsule.Hosting.Admission;
using Capsule.Hosting.Http;

namespace Capsule.Hosting.Tests;

/// <summary>
/// Idle kept instances hold real pool slots: admission counts them, and gives
/// their share to any request that would otherwise wait. In a pool of 10 core
/// instances, two idle counter-js instances (4 each) leave room for one
/// http-sleep instance (2) unless they give way.
/// </summary>
public sealed class InstanceReuseAdmissionTests(SmallPoolFixture hosting) : IClassFixture<SmallPoolFixture>
{
    private static readonly string Manifest = $$"""
        [application]
        name = "crowded"

        [[trigger.http]]
        route = "/warm/..."
        component = "warm"

        [[trigger.http]]
        route = "/..."
        component = "sleep"

        [component.warm]
        {{TestManifests.Source("counter-js.component.wasm")}}
        instance_reuse = { max_requests = 1000, idle_timeout = "10m" }

        [component.sleep]
        {{TestManifests.Source("http-sleep.wasm")}}
        """;

    [Fact]
    public async Task Idle_instances_count_against_the_pool_and_give_way_to_other_requests()
    {
        // A queue timeout far below the 10 × 500 ms that one sleep instance at a time would take.
        var admission = new AdmissionOptions { QueueLength = 64, QueueTimeout = TimeSpan.FromSeconds(2) };
        await using var app = await TestApp.Start(hosting, Manifest, new ServerOptions(new IPEndPoint(IPAddress.Loopback, 0)) { Admission = admission });
        var warm = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => app.Client.GetAsync("/warm/?do=busy&ms=300")));
        Assert.All(warm, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        var sleeping = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => app.Client.GetAsync("/500")));
        var warmAgain = await app.Client.GetAsync("/warm/");

        Assert.All(sleeping, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(HttpStatusCode.OK, warmAgain.StatusCode);
        // Neither a refusal nor an exhausted pool (which would be "cause=capacity").
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("request failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_flood_on_both_components_meets_queues_and_503s_never_a_trap()
    {
        var admission = new AdmissionOptions { QueueLength = 4, QueueTimeout = TimeSpan.FromMilliseconds(500) };
        await using var app = await TestApp.Start(hosting, Manifest, new ServerOptions(new IPEndPoint(IPAddress.Loopback, 0)) { Admission = admission });

        var flood = Enumerable.Range(0, 40)
            .Select(i => app.Client.GetAsync(i % 2 == 0 ? "/warm/?do=busy&ms=200" : "/200"))
            .ToList();
        var statuses = (await Task.WhenAll(flood)).Select(r => r.StatusCode).ToList();

        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"status {s}"));
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("cause=capacity", StringComparison.Ordinal) || l.Contains("cause=trap", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/warm/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/1")).StatusCode);
    }
}
