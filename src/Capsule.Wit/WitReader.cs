using Capsule.Wit.Model;
using Capsule.Wit.Resolution;
using Capsule.Wit.Syntax;

namespace Capsule.Wit;

/// <summary>
/// Reads WIT packages into a resolved <see cref="PackageSet"/>. The first error stops it with a
/// <see cref="WitException"/> naming file:line:column. Reading from <see cref="WitSource"/>s does no IO,
/// so a source generator can pass it its additional files.
/// </summary>
public static class WitReader
{
    /// <summary>Reads files given as text; files of one <see cref="WitSource.PackageFolder"/> make one package.</summary>
    public static PackageSet Read(IEnumerable<WitSource> sources, WitReaderOptions? options = null)
    {
        var groups = sources
            .GroupBy(s => s.Group)
            .Select(g => (IReadOnlyList<FileSyntax>)g.OrderBy(s => s.Path, StringComparer.Ordinal)
                .Select(s => Parser.Parse(s.Path, s.Text))
                .ToList())
            .ToList();
        return Resolver.Resolve(groups, options ?? WitReaderOptions.Default);
    }

    /// <summary>Reads one file's text (with any nested <c>package { }</c> blocks it holds).</summary>
    public static PackageSet Read(string path, string text, WitReaderOptions? options = null) =>
        Read([new WitSource(path, text)], options);

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
