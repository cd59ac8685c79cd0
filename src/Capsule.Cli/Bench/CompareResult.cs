namespace Capsule.Cli.Bench;

/// <summary>Everything one <c>capsule bench compare</c> run measured and read.</summary>
/// <param name="Machine">Where and when it ran.</param>
/// <param name="Rows">The cold-start rows, then "Capsule warm".</param>
/// <param name="Artifact">The Wasm side's sizes.</param>
/// <param name="Isolation">What each form can reach, read from its configuration.</param>
/// <param name="Density">How many of each fit in the budget, measured with a few, extrapolated.</param>
/// <param name="Notes">Rows skipped and why, and how figures were derived.</param>
/// <param name="Portability">The same app on another CPU (--arm64), or null when not asked.</param>
public sealed record CompareResult(
    MachineInfo Machine,
    IReadOnlyList<PeerResult> Rows,
    WasmArtifact Artifact,
    IReadOnlyList<IsolationFact> Isolation,
    IReadOnlyList<DensityResult> Density,
    IReadOnlyList<string> Notes,
    PortabilityResult? Portability = null)
{
    /// <summary>The row named <paramref name="name"/>, or null when it was not measured.</summary>
    public PeerResult? Row(string name) => Rows.FirstOrDefault(r => r.Name == name);
}

/// <summary>The Wasm side's files.</summary>
/// <param name="WasmBytes">The app's .wasm files together.</param>
/// <param name="ArtifactBytes">Its precompiled artifacts in Capsule's cache.</param>
/// <param name="ArtifactArchitecture">The CPU the precompiled artifact is for.</param>
/// <param name="HostBytes">The capsule executable serving it (shared by every app on the host).</param>
public sealed record WasmArtifact(long WasmBytes, long ArtifactBytes, string? ArtifactArchitecture, long HostBytes);

/// <summary>One line of the isolation comparison.</summary>
/// <param name="Form">Whose configuration it was read from.</param>
/// <param name="Subject">files, network, syscalls, memory, privileges.</param>
/// <param name="Fact">What it allows, in words, from the configuration.</param>
public sealed record IsolationFact(PeerForm Form, string Subject, string Fact);
