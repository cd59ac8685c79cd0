using System.Diagnostics;

namespace Capsule.Cli.Bench;

/// <summary>Starts a peer's server, times its first 200, reads its memory once it idles, and stops it.</summary>
public static class ColdStartMeter
{
    /// <summary>Longest wait for one server's first response (a cold-cache compile of a 13 MB component included).</summary>
    public static readonly TimeSpan FirstResponseTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Longest wait for a first response that compiles the app first (cold cache).</summary>
    public static readonly TimeSpan CompileTimeout = TimeSpan.FromMinutes(10);

    /// <summary>How long a server sits after its first response before its memory is read.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(100);

    /// <summary>One sample: milliseconds to the first 200, and idle bytes (null when unreadable).</summary>
    public static (double Ms, long? Bytes) Measure(Peer peer, BenchWorkspace workspace, CancellationToken cancellation) =>
        Measure(peer.Prepare(FirstResponseProbe.FreePort()), peer.Name, peer.Timeout, workspace, cancellation);

    /// <summary>Starts <paramref name="launch"/> once, unmeasured (warms caches), and stops it.</summary>
    public static void WarmUp(PeerLaunch launch, string name, BenchWorkspace workspace, CancellationToken cancellation) =>
        Measure(launch, name, CompileTimeout, workspace, cancellation);

    private static (double Ms, long? Bytes) Measure(PeerLaunch launch, string name, TimeSpan timeout, BenchWorkspace workspace, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var server = workspace.Start(launch.Start);
        try
        {
            double ms;
            try
            {
                ms = FirstResponseProbe.WaitFor(launch.Port, clock, server.Process, timeout, cancellation);
            }
            catch (BenchException e)
            {
                throw new BenchException($"{name}: {e.Message}; its last output:\n{server.LastLines}");
            }
            cancellation.WaitHandle.WaitOne(Settle);
            long? bytes = launch.ContainerId is not null
                ? MemoryProbe.ContainerBytes(launch.Runtime!, launch.ContainerId)
                : MemoryProbe.ResidentBytes(server.Process.Id);
            return (ms, bytes);
        }
        finally
        {
            workspace.Stop(server, launch.Runtime, launch.ContainerId);
        }
    }
}
