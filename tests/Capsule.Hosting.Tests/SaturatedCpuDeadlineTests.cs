using System.Diagnostics;
using System.Net;

namespace Capsule.Hosting.Tests;

/// <summary>
/// A request's time limit holds with every core busy with other processes
/// and eight other guests looping: the epoch ticker used to count its own
/// wake-ups, and a 10 s limit took 146 s.
/// </summary>
[Collection(CpuSaturationCollection.Name)]
public sealed class SaturatedCpuDeadlineTests(HostingFixture hosting) : IClassFixture<HostingFixture>
{
    [Fact]
    public async Task Looping_guest_answers_504_on_time_with_the_cpu_saturated()
    {
        var manifest = $$"""
            [application]
            name = "busy"

            [[trigger.http]]
            route = "/busy"
            component = "busy"

            [[trigger.http]]
            route = "/loop"
            component = "loop"

            [component.busy]
            {{TestManifests.Source("http-loop.wasm")}}
            limits = { timeout = "8s" }

            [component.loop]
            {{TestManifests.Source("http-loop.wasm")}}
            limits = { timeout = "2s" }
            """;
        await using var app = await TestApp.Start(hosting, manifest);
        // The xunit host lacks capsule's thread-pool setting (docs/ARCHITECTURE.md): enough
        // threads up front, so that what is measured is the deadline, not the pool's growth.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), io);
        try
        {
            using var burners = new CpuBurners();
            var busy = Enumerable.Range(0, 8).Select(_ => app.Client.GetAsync("/busy")).ToList();
            await Task.Delay(300);
            var watch = Stopwatch.StartNew();
            using var response = await app.Client.GetAsync("/loop");
            watch.Stop();
            Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"a 2 s limit answered after {watch.Elapsed.TotalSeconds:F1} s");
            foreach (var other in await Task.WhenAll(busy))
            {
                Assert.Equal(HttpStatusCode.GatewayTimeout, other.StatusCode);
                other.Dispose();
            }
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, io);
        }
    }
}
