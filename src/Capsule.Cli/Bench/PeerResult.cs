namespace Capsule.Cli.Bench;

/// <summary>What was measured for one row.</summary>
/// <param name="Name">The row, e.g. "runc + Node".</param>
/// <param name="Form">Wasm, container or process.</param>
/// <param name="FirstResponseMs">Milliseconds from start to the first 200, one per start.</param>
/// <param name="IdleBytes">Memory once it answered, one per start (cgroup charge for containers, resident set of the process tree otherwise).</param>
/// <param name="MemoryWhat">What <paramref name="IdleBytes"/> counts.</param>
/// <param name="SizeWhat">What <paramref name="SizeBytes"/> counts, or null.</param>
/// <param name="SizeBytes">Bytes on disk, or null.</param>
/// <param name="Architecture">What CPUs its artifact runs on, or null.</param>
public sealed record PeerResult(
    string Name,
    PeerForm Form,
    Samples FirstResponseMs,
    Samples IdleBytes,
    string MemoryWhat,
    string? SizeWhat,
    long? SizeBytes,
    string? Architecture)
{
    /// <summary>Linear memory of the instance, one per sample (the idle-instance row); null for the others.</summary>
    public Samples? LinearMemoryBytes { get; init; }
}
