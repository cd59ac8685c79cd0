using Capsule.Hosting.Manifest;

namespace Capsule.Shim.Container;

/// <summary>
/// Finds the app in the container's root file system: the first of the
/// process's arguments, its working folder, <c>/</c> and <c>/app</c> (where
/// Capsule's image keeps it) that is a manifest or a folder holding
/// <c>capsule.toml</c> or <c>spin.toml</c>. Every candidate resolves inside the
/// rootfs through no symbolic link: an image cannot point the shim at host files.
/// </summary>
internal static class BundleApp
{
    /// <summary>The manifest's full path; none found is an <see cref="InvalidDataException"/> saying where the shim looked.</summary>
    public static string FindManifest(string rootfs, OciSpec spec)
    {
        var candidates = spec.Args.Where(a => a.StartsWith('/')).Append(spec.Cwd).Append("/").Append("/app").Distinct().ToList();
        foreach (var candidate in candidates)
        {
            if (Inside(rootfs, candidate) is not { } path)
            {
                continue;
            }
            if (File.Exists(path) && Path.GetFileName(path) is ManifestLoader.FileName or ManifestLoader.SpinFileName)
            {
                return path;
            }
            foreach (var name in new[] { ManifestLoader.FileName, ManifestLoader.SpinFileName })
            {
                if (Directory.Exists(path) && Inside(rootfs, candidate.TrimEnd('/') + "/" + name) is { } manifest && File.Exists(manifest))
                {
                    return manifest;
                }
            }
        }
        throw new InvalidDataException($"no capsule.toml or spin.toml in the container's root file system (looked in {string.Join(", ", candidates)})");
    }

    /// <summary><paramref name="containerPath"/> under <paramref name="rootfs"/>, or null when a part of it is a link or '..' leaves the root.</summary>
    private static string? Inside(string rootfs, string containerPath)
    {
        var path = rootfs;
        foreach (var part in containerPath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part is "." or "..")
            {
                return null;
            }
            path = Path.Combine(path, part);
            var info = new FileInfo(path);
            if (info.Exists || Directory.Exists(path))
            {
                if (info.LinkTarget is not null || new DirectoryInfo(path).LinkTarget is not null)
                {
                    return null;
                }
            }
        }
        return path;
    }
}
