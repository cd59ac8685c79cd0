using System.Diagnostics;

namespace Capsule.Cli.Bench;

/// <summary>
/// Density: a bounded number of servers running at once, each one's memory read; for Capsule, one host
/// with one component against one host with several, the difference being what each component adds.
/// </summary>
public sealed class DensityMeter(CompareSetup setup, BenchWorkspace workspace, long budget)
{
    /// <summary>How many run at once when measuring.</summary>
    public const int Count = 5;

    /// <summary>Starts <see cref="Count"/> of <paramref name="peer"/> at once, reads each one's memory, stops them.</summary>
    public DensityResult Measure(Peer peer, CancellationToken cancellation)
    {
        var started = new List<(PeerLaunch Launch, ServerProcess Server)>();
        try
        {
            for (var i = 0; i < Count; i++)
            {
                // One at a time: a container's config.json is rewritten for each.
                var launch = peer.Prepare(FirstResponseProbe.FreePort());
                var server = workspace.Start(launch.Start);
                started.Add((launch, server));
                FirstResponseProbe.WaitFor(launch.Port, Stopwatch.StartNew(), server.Process, ColdStartMeter.FirstResponseTimeout, cancellation);
            }
            cancellation.WaitHandle.WaitOne(ColdStartMeter.Settle);
            var each = started.Select(s => (double)(s.Launch.ContainerId is not null
                ? MemoryProbe.ContainerBytes(s.Launch.Runtime!, s.Launch.ContainerId) ?? 0
                : MemoryProbe.ResidentBytes(s.Server.Process.Id))).Where(b => b > 0).ToList();
            return DensityResult.From(peer.Name, peer.Form, each, 0, budget);
        }
        finally
        {
            foreach (var (launch, server) in started)
            {
                workspace.Stop(server, launch.Runtime, launch.ContainerId);
            }
        }
    }

    /// <summary>
    /// One capsule up serving the app's first component once, then one serving it <see cref="Count"/> times (as many
    /// components of one app, each on its own route); each added component's memory is the difference over Count − 1.
    /// The pair is measured Count − 1 times: each pair is one sample; the shared base is the median one-component host less one component.
    /// </summary>
    public DensityResult MeasureCapsule(CancellationToken cancellation)
    {
        var source = setup.ComponentSources[0];
        var oneApp = GeneratedApp.Write(workspace, "density-1", source, 1);
        var manyApp = GeneratedApp.Write(workspace, $"density-{Count}", source, Count);
        var ones = new List<double>();
        var each = new List<double>();
        for (var pair = 0; pair < Count - 1; pair++)
        {
            var one = HostBytes(oneApp, cancellation);
            var many = HostBytes(manyApp, cancellation);
            ones.Add(one);
            each.Add(Math.Max(0, (many - one) / (Count - 1)));
        }
        var baseBytes = (long)Math.Max(0, new Samples(ones).Median - new Samples(each).Median);
        return DensityResult.From("Capsule (components in one host)", PeerForm.Wasm, each, baseBytes, budget);
    }

    private long HostBytes(string app, CancellationToken cancellation)
    {
        var port = FirstResponseProbe.FreePort();
        var server = workspace.Start(setup.Capsule.StartInfo(PeerCatalog.WarmCache(workspace), "up", app, "--listen", $"127.0.0.1:{port}"));
        try
        {
            FirstResponseProbe.WaitFor(port, Stopwatch.StartNew(), server.Process, ColdStartMeter.FirstResponseTimeout, cancellation);
            cancellation.WaitHandle.WaitOne(ColdStartMeter.Settle);
            return MemoryProbe.ResidentBytes(server.Process.Id);
        }
        finally
        {
            workspace.Stop(server);
        }
    }
}
