using Capsule.Wit.Model;
using Capsule.Wit.Resolution;
using Capsule.Wit.Syntax;

namespace Capsule.Wit;

/// <summary>
/// Reads WIT packages into a resolved <see cref="PackageSet"/>. The first error stops it with a
/// <see cref="WitException"/> naming file:line:column. Reading from <see cref="WitSource"/>s does no IO,
/// so a source generator can pass it its additional files.
/// </summary>
public static partial class WitReader
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
}
