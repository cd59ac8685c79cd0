using Capsule.Hosting.Manifest;

namespace Capsule.Hosting.Files;

/// <summary>A component's <c>files</c> and <c>exclude_files</c>, as the manifest says them (its grant of <see cref="FilesFeature"/>).</summary>
/// <param name="Mounts">Folders mounted read-only (<c>{ source, destination }</c>).</param>
/// <param name="Globs">Glob patterns relative to the app folder; what they match is copied into the state folder and mounted at /.</param>
/// <param name="Excluded"><c>exclude_files</c>: globs removed from what <paramref name="Globs"/> matched.</param>
public sealed record ComponentFiles(IReadOnlyList<FileMount> Mounts, IReadOnlyList<FileGlob> Globs, IReadOnlyList<string> Excluded)
{
    /// <summary>No files.</summary>
    public static readonly ComponentFiles None = new([], [], []);
}
