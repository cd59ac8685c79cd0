using Capsule.Runtime.Grants;

namespace Capsule.Shim.Container;

/// <summary>
/// The container's bind mounts as the app's file grants: each folder mounted
/// into the container (a Kubernetes volume, <c>ctr run --mount</c>) is granted
/// to every component at its destination, as Spin's <c>files = [{ source,
/// destination }]</c> grants a folder, read-only when the mount is. What a
/// runtime mounts into every container (/proc, /sys, /dev, /run, the hosts and
/// resolver files, the service account token) is the container's view of the
/// system, not the app's data: never granted. A file mount is not granted
/// either (grants are folders); each one left out is said.
/// </summary>
internal static class ContainerMounts
{
    /// <summary>Destinations (and what is under them) never granted.</summary>
    public static readonly IReadOnlyList<string> SystemDestinations =
        ["/proc", "/sys", "/dev", "/run", "/etc/hosts", "/etc/hostname", "/etc/resolv.conf", "/var/run/secrets/kubernetes.io"];

    /// <summary>The longest destination taken (PATH_MAX).</summary>
    public const int MaxPathLength = 4096;

    /// <summary>The grants for <paramref name="spec"/>'s mounts, in order; <paramref name="note"/> hears each bind mount left out and why.</summary>
    public static IReadOnlyList<DirectoryMount> Grants(OciSpec spec, Action<string> note)
    {
        var grants = new List<DirectoryMount>();
        foreach (var mount in spec.Mounts)
        {
            var bind = mount.Type == "bind" || mount.Options.Contains("bind") || mount.Options.Contains("rbind");
            if (!bind || IsSystem(mount.Destination))
            {
                continue;
            }
            if (Normalized(mount.Destination) is not { } destination)
            {
                note($"mount {Shown(mount.Destination)}: not an absolute path without '.' or '..' parts: not granted to the app");
            }
            else if (!Path.IsPathFullyQualified(mount.Source) || !Directory.Exists(mount.Source))
            {
                note($"mount {destination}: its source {Shown(mount.Source)} is not a folder (the app is granted folders only): not granted to the app");
            }
            else
            {
                grants.Add(new DirectoryMount(mount.Source, destination, ReadOnly: mount.Options.Contains("ro")));
            }
        }
        return grants;
    }

    private static bool IsSystem(string destination) =>
        SystemDestinations.Any(system => destination == system || destination.StartsWith(system + "/", StringComparison.Ordinal));

    // "/data//x/" -> "/data/x"; null for a relative, over-long or '.'/'..' path (a grant resolves inside its destination only).
    private static string? Normalized(string destination)
    {
        if (!destination.StartsWith('/') || destination.Length > MaxPathLength || destination.Contains('\0'))
        {
            return null;
        }
        var parts = destination.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Any(p => p is "." or "..") || parts.Length == 0 ? null : "/" + string.Join('/', parts);
    }

    private static string Shown(string path) => path.Length > 200 ? path[..200] + "…" : path;
}
