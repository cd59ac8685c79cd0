using System.Net;
using Capsule.Hosting.Admission;
using Capsule.Hosting.Http;
using Capsule.Runtime.Engine;
using Capsule.Runtime.Native;
using Capsule.Wasi;
using Capsule.Wasi.Io;

namespace Capsule.Hosting.Tests;

/// <summary>An engine whose instance pool holds only a few instances, as a crowded process would have.</summary>
public sealed class SmallPoolFixture() : HostingFixture(Settings)
{
    /// <summary>10 core instances and 10 memories: 5 instances of http-sleep.wasm (2 core instances, 1 memory each).</summary>
    public static EngineSettings Settings { get; } = EngineSettings.Default with
    {
        PoolTotalCoreInstances = 10,
        PoolTotalMemories = 10,
        PoolTotalTables = 10,
        PoolTotalComponentInstances = 10,
        PoolMaxCoreInstancesPerComponent = 8,
        PoolMaxMemoriesPerComponent = 4,
        PoolMaxTablesPerComponent = 4,
    };
}

/// <summary>
/// Admission counts each component's measured pool footprint, so many more
/// concurrent requests than the pool holds wait their turn instead of failing
/// at instantiation; a pool filled from outside admission answers 503, not 500.
/// </summary>
public sealed class PoolAdmissionTests(SmallPoolFixture hosting) : IClassFixture<SmallPoolFixture>
{
    private static readonly string Manifest = TestManifests.SingleComponent("sleep", "http-sleep.wasm");

    private static ServerOptions Options(AdmissionOptions admission) =>
        new(new IPEndPoint(IPAddress.Loopback, 0)) { Admission = admission };

    [Fact]
    public async Task Many_more_concurrent_requests_than_the_pool_holds_wait_and_succeed_without_a_trap()
    {
        var admission = new AdmissionOptions { QueueLength = 64, QueueTimeout = TimeSpan.FromSeconds(20) };
        await using var app = await TestApp.Start(hosting, Manifest, Options(admission));

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => app.Client.GetAsync("/300")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("request failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_measured_footprint_is_what_the_pool_counts_and_a_pool_filled_from_outside_gives_503()
    {
        await using var app = await TestApp.Start(hosting, Manifest, Options(new AdmissionOptions()));
        using var guest = hosting.Loader.Load(Guests.Get("http-sleep.wasm"));
        var footprint = AdmissionSizing.Footprint(hosting.Host, guest, Runtime.Grants.GuestGrants.None);
        Assert.Equal(new PoolFootprint(2, 1, 0), footprint);
        var fit = (int)footprint.InstancesThatFit(hosting.Engine.Settings);
        Assert.Equal(5, fit);

        // Another user of the engine (an embedder) holds every slot the footprint says fit.
        var held = new List<IDisposable>();
        try
        {
            for (var i = 0; i < fit; i++)
            {
                held.AddRange(Hold(hosting.Host, guest));
            }
            var error = Assert.Throws<ComponentCallException>(() => held.AddRange(Hold(hosting.Host, guest)));
            Assert.Contains("maximum concurrent", error.Message, StringComparison.Ordinal);

            var refused = await app.Client.GetAsync("/1");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
            await app.Logs.WaitFor(l => l.Contains("request failed: component=sleep route=/... cause=capacity: maximum concurrent", StringComparison.Ordinal));
        }
        finally
        {
            held.Reverse();
            held.ForEach(h => h.Dispose());
        }
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/1")).StatusCode);
    }

    // A live instance: its store (with its state) and deadline, disposed by the caller.
    private static IDisposable[] Hold(WasiHost host, Runtime.Loading.LoadedGuest guest)
    {
        var deadline = new Runtime.Running.RunDeadline(Runtime.Grants.ResourceLimits.Default.Timeout);
        var store = host.CreateStore(Runtime.Grants.GuestGrants.None, Runtime.Running.GuestOutput.Discard, deadline);
        try
        {
            host.Linker.Instantiate(store, guest.Component!);
            return [store, deadline];
        }
        catch
        {
            store.Dispose();
            deadline.Dispose();
            throw;
        }
    }
}
