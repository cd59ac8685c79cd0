using System.Diagnostics;

namespace Capsule.Cli.Bench;

/// <summary>
/// The memory of one idle Wasm instance: a new capsule up serving the app's first component with instance reuse
/// (so that its instance stays, idle, after the request), its resident set read once it listens and again once
/// the one request was answered; the difference and the instance's linear memory are one sample each.
/// </summary>
public sealed class IdleInstanceMeter(CompareSetup setup, BenchWorkspace workspace, Action<string> step)
{
    /// <summary>The row it measures.</summary>
    public const string Row = "Capsule idle instance (one request, instance kept)";

    /// <summary>Measures <see cref="CompareSetup.Runs"/> samples, each in a new host.</summary>
    public PeerResult Measure(CancellationToken cancellation)
    {
        var app = GeneratedApp.Write(workspace, "idle-instance", setup.ComponentSources[0], 1, keepInstances: true);
        var (ms, added, linear) = (new List<double>(), new List<double>(), new List<double>());
        for (var run = 0; run < setup.Runs; run++)
        {
            step($"{Row}: host {run + 1} of {setup.Runs}");
            var port = FirstResponseProbe.FreePort();
            var server = workspace.Start(setup.Capsule.StartInfo(PeerCatalog.WarmCache(workspace), "up", app, "--listen", $"127.0.0.1:{port}"));
            try
            {
                // Listening means loaded: capsule up loads every component before it binds its port.
                FirstResponseProbe.WaitForListening(port, server.Process, ColdStartMeter.FirstResponseTimeout, cancellation);
                cancellation.WaitHandle.WaitOne(ColdStartMeter.Settle);
                var before = MemoryProbe.ResidentBytes(server.Process.Id);
                var clock = Stopwatch.StartNew();
                if (!FirstResponseProbe.TryOnce(port))
                {
                    throw new BenchException($"{Row}: the request got no 200; capsule's last output:\n{server.LastLines}");
                }
                ms.Add(clock.Elapsed.TotalMilliseconds);
                cancellation.WaitHandle.WaitOne(ColdStartMeter.Settle);
                added.Add(MemoryProbe.ResidentBytes(server.Process.Id) - before);
                linear.Add(MemoryProbe.LinearMemoryBytes(server.Process.Id));
            }
            finally
            {
                workspace.Stop(server);
            }
        }
        return new PeerResult(Row, PeerForm.Wasm, new(ms), new(added), "RSS added to the host", null, null, null) { LinearMemoryBytes = new(linear) };
    }
}
