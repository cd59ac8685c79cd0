namespace Capsule.Runtime.Components.Plan;

/// <summary>
/// Wasmtime's rule for matching an imported interface name to a defined one: the same
/// <c>namespace:package/interface</c>, and a version that is semver-compatible (same major, or for
/// 0.x the same minor, or for 0.0.z the same patch), the highest such version defined winning. So
/// a guest asking for <c>wasi:io/streams@0.2.0</c> is served by a host defining <c>@0.2.12</c>.
/// </summary>
public static class InterfaceVersions
{
    /// <summary>The defined name that satisfies <paramref name="requested"/>, or null.</summary>
    public static string? Match(string requested, IEnumerable<string> defined)
    {
        var (name, version) = Split(requested);
        if (version is null)
        {
            return defined.Contains(requested, StringComparer.Ordinal) ? requested : null;
        }
        string? best = null;
        Version? bestVersion = null;
        foreach (var candidate in defined)
        {
            var (candidateName, candidateVersion) = Split(candidate);
            if (candidateName == name && candidateVersion is { } v && Compatible(version, v) && (bestVersion is null || v > bestVersion))
            {
                (best, bestVersion) = (candidate, v);
            }
        }
        return best;
    }

    private static (string Name, Version? Version) Split(string interfaceName)
    {
        var at = interfaceName.LastIndexOf('@');
        if (at < 0)
        {
            return (interfaceName, null);
        }
        var text = interfaceName[(at + 1)..];
        var plain = text.Split('-', '+')[0]; // pre-release and build metadata: compared on the core version only
        return Version.TryParse(plain, out var version) && version.Build >= 0 && version.Revision < 0
            ? (interfaceName[..at], version)
            : (interfaceName, null);
    }

    private static bool Compatible(Version requested, Version defined) =>
        requested.Major != 0 ? defined.Major == requested.Major && defined >= requested
        : requested.Minor != 0 ? defined.Major == 0 && defined.Minor == requested.Minor && defined >= requested
        : defined == requested;
}
