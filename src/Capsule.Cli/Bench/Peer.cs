using System.Diagnostics;

namespace Capsule.Cli.Bench;

/// <summary>The form a service runs in.</summary>
public enum PeerForm
{
    /// <summary>A Wasm component served by Capsule.</summary>
    Wasm,

    /// <summary>An OCI container (runc, crun).</summary>
    Container,

    /// <summary>A plain process on the host.</summary>
    Process,
}

/// <summary>How to start one server on a given port.</summary>
/// <param name="Port">The port it will answer on (127.0.0.1).</param>
/// <param name="Start">The command.</param>
/// <param name="Runtime">The OCI runtime, for containers.</param>
/// <param name="ContainerId">The container's id, for containers.</param>
public sealed record PeerLaunch(int Port, ProcessStartInfo Start, string? Runtime = null, string? ContainerId = null);

/// <summary>One row of the comparison: a service in one form, started anew for every sample.</summary>
/// <param name="Name">e.g. "runc + busybox httpd".</param>
/// <param name="Form">Wasm, container or process.</param>
/// <param name="Prepare">Makes the launch for a port (writes the container's config, picks its id).</param>
/// <param name="MaxRuns">At most this many samples (a cold-cache compile takes seconds), or null for every run.</param>
public sealed record Peer(string Name, PeerForm Form, Func<int, PeerLaunch> Prepare, int? MaxRuns = null)
{
    /// <summary>What its size figure counts, e.g. "rootfs"; null: no size figure.</summary>
    public string? SizeWhat { get; init; }

    /// <summary>Bytes on disk of what it runs (rootfs, .wasm + artifact, binary + libraries).</summary>
    public long? SizeBytes { get; init; }

    /// <summary>Longest wait for one first response: a compile of a large component takes minutes on a busy machine.</summary>
    public TimeSpan Timeout { get; init; } = ColdStartMeter.FirstResponseTimeout;

    /// <summary>The OCI runtime a container row runs on, else null.</summary>
    public string? Runtime { get; init; }

    /// <summary>The CPU architecture(s) its artifact runs on.</summary>
    public string? Architecture { get; init; }
}
