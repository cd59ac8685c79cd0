using Capsule.Cli.Bench;
using Capsule.Hosting.Manifest;
using Capsule.Runtime.Grants;

namespace Capsule.Cli.Commands.Bench;

/// <summary>What the app's components may reach, read from their grants in the manifest.</summary>
internal static class WasmGrants
{
    /// <summary>Facts about files, network, memory and privileges, over all components.</summary>
    public static List<IsolationFact> Read(AppManifest manifest)
    {
        var components = manifest.Components.Values.ToList();
        var mounts = components.SelectMany(c => c.Files.Select(f => f.GuestPath)).Distinct().ToList();
        var globs = components.SelectMany(c => c.FileGlobs.Select(g => g.Pattern)).Distinct().ToList();
        var hosts = components.SelectMany(c => c.FeatureGrants.AllowedOutboundHosts.Select(h => $"{h.Scheme}://{h.Host}:{h.Port}")).Distinct().ToList();
        var variables = components.Sum(c => c.FeatureGrants.Environment.Length);
        var memory = components.Max(c => (long?)c.Limits.MaxMemoryBytes) ?? ResourceLimits.ServedHttpMaxMemoryBytes;
        return
        [
            Fact("files", mounts.Count + globs.Count == 0
                ? "none: no folder is granted"
                : $"read-only: {string.Join(", ", mounts.Concat(globs))}"),
            Fact("network", (hosts.Count == 0 ? "no outbound HTTP" : $"outbound HTTP to {string.Join(", ", hosts)} only")
                + "; no sockets (wasi:sockets is always denied); inbound only through the host's HTTP trigger"),
            Fact("memory", $"its own linear memory, bounded by a {ByteSize.Format(memory)} limit per instance; a new instance per request, "
                + "so no other request's or tenant's memory is addressable"),
            Fact("privileges", $"{variables} environment variables; no uid, no capabilities: it runs inside the capsule process"),
        ];
    }

    private static IsolationFact Fact(string subject, string fact) => new(PeerForm.Wasm, subject, fact);
}
