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
    /// One capsule up serving the app's first component once, then <see cref="Count"/> times (as many components
    /// of one app, each on its own route); each added component's memory is the difference over Count − 1.
    /// </summary>
    public DensityResult MeasureCapsule(CancellationToken cancellation)
    {
        var source = setup.ComponentSources[0];
        var one = HostBytes(WriteApp("density-1", source, 1), cancellation);
        var many = HostBytes(WriteApp($"density-{Count}", source, Count), cancellation);
        var each = Math.Max(0, (many - one) / (Count - 1));
        return DensityResult.From("Capsule (components in one host)", PeerForm.Wasm, [.. Enumerable.Repeat((double)each, Count - 1)], Math.Max(0, one - each), budget);
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

    private string WriteApp(string name, string source, int components)
    {
        var folder = workspace.NewFolder(name);
        var text = new System.Text.StringBuilder($"[application]\nname = \"{name}\"\n");
        for (var i = 0; i < components; i++)
        {
            text.Append($"[[trigger.http]]\nroute = \"{(i == 0 ? "/..." : $"/c{i}/...")}\"\ncomponent = \"c{i}\"\n");
        }
        for (var i = 0; i < components; i++)
        {
            text.Append($"[component.c{i}]\nsource = \"component.wasm\"\n");
        }
        // A link, not the path in the manifest: the path may hold anything TOML would need escaped.
        File.CreateSymbolicLink(Path.Combine(folder, "component.wasm"), source);
        File.WriteAllText(Path.Combine(folder, "capsule.toml"), text.ToString());
        return folder;
    }
}
