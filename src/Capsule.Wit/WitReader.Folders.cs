using Capsule.Wit.Model;

namespace Capsule.Wit;

/// <summary>The reader's disk access, kept apart so that a source generator can compile the reader without it.</summary>
public static partial class WitReader
{
    /// <summary>Reads folders, each one package made of its <c>*.wit</c> files, resolved against each other.</summary>
    public static PackageSet ReadFolders(IEnumerable<string> folders, WitReaderOptions? options = null) =>
        Read(folders.SelectMany(FilesOf), options);

    /// <summary>
    /// Reads a package folder laid out as WIT tools expect: its <c>*.wit</c> files are the package, and
    /// each folder or <c>.wit</c> file under <c>deps/</c> is a package it may use.
    /// </summary>
    public static PackageSet ReadFolder(string folder, WitReaderOptions? options = null)
    {
        var sources = FilesOf(folder).ToList();
        var deps = Path.Combine(folder, "deps");
        if (Directory.Exists(deps))
        {
            sources.AddRange(Directory.GetDirectories(deps).OrderBy(d => d, StringComparer.Ordinal).SelectMany(FilesOf));
            sources.AddRange(Directory.GetFiles(deps, "*.wit").OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => new WitSource(f, File.ReadAllText(f), PackageFolder: f)));
        }
        return Read(sources, options);
    }

    private static IEnumerable<WitSource> FilesOf(string folder) =>
        Directory.GetFiles(folder, "*.wit").OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => new WitSource(f, File.ReadAllText(f), PackageFolder: folder));
}
